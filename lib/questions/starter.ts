// A small starter list of prompts for the live room. The full question bank, with the interviewer's material,
// arrives with the rubric work; ids here stay stable because rooms store them.

export interface StarterQuestion {
  id: string;
  title: string;
  /** What the candidate reads. */
  prompt: string;
}

export const STARTER_QUESTIONS: readonly StarterQuestion[] = [
  {
    id: "kv-store",
    title: "Distributed key-value store",
    prompt:
      "Design a key-value store that spreads data over many machines and keeps serving when some of them fail. Decide how keys are placed, how many copies exist, and what a read returns while replicas disagree.",
  },
  {
    id: "url-shortener",
    title: "Global URL shortener",
    prompt:
      "Design a service that turns long links into short codes and redirects billions of clicks a day from users on every continent. Redirects must be fast everywhere; creating a code may be a little slower.",
  },
  {
    id: "chat",
    title: "Chat and messaging",
    prompt:
      "Design one-to-one and group chat for millions of people. Messages must not be lost, must appear in order within a conversation, and users switch between phone and laptop.",
  },
  {
    id: "rate-limiter",
    title: "Distributed rate limiter",
    prompt:
      "Design a rate limiter used by an API that runs in several regions. Each customer has a quota per minute; decide how precise the limit must be and what happens when regions can't talk to each other.",
  },
];

export function findStarterQuestion(id: string): StarterQuestion | undefined {
  return STARTER_QUESTIONS.find((q) => q.id === id);
}
