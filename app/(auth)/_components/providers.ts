import { oauthProviders } from "@/server/auth/options";
import type { OAuthProvider } from "./oauth-buttons";

export function enabledOAuthProviders(): OAuthProvider[] {
  return oauthProviders().map((p) => ({ id: p.id, name: p.name }));
}
