// What the broker lets through to TikTok: exactly the documented fields of the token and revoke
// calls, with the app's credentials added here and nowhere else. Anything else is refused before
// it leaves, so the broker cannot be used as a general proxy holding the secret.

export type BrokerEndpoint = 'token' | 'revoke';

export interface ClientCredentials {
  clientKey: string;
  clientSecret: string;
}

/** An OAuth-style refusal, the shape TikTok's OAuth endpoints use for their own errors. */
export interface FormRefusal {
  error: 'invalid_request' | 'invalid_client' | 'unsupported_grant_type';
  error_description: string;
}

export type FormCheck = { ok: true; form: URLSearchParams } | ({ ok: false } & FormRefusal);

interface FieldRule {
  required: readonly string[];
  optional: readonly string[];
}

const TOKEN_GRANTS: Record<string, FieldRule> = {
  authorization_code: { required: ['grant_type', 'code', 'redirect_uri'], optional: ['code_verifier'] },
  refresh_token: { required: ['grant_type', 'refresh_token'], optional: [] },
};

const REVOKE: FieldRule = { required: ['token'], optional: [] };

function refuse(error: FormRefusal['error'], description: string): FormCheck {
  return { ok: false, error, error_description: description };
}

function ruleFor(endpoint: BrokerEndpoint, incoming: URLSearchParams): FieldRule | FormCheck {
  if (endpoint === 'revoke') return REVOKE;
  const grant = incoming.get('grant_type');
  if (!grant) return refuse('invalid_request', 'grant_type is required');
  const rule = Object.hasOwn(TOKEN_GRANTS, grant) ? TOKEN_GRANTS[grant] : undefined;
  if (!rule) {
    return refuse('unsupported_grant_type', `grant_type must be authorization_code or refresh_token`);
  }
  return rule;
}

export function buildUpstreamForm(
  endpoint: BrokerEndpoint,
  incoming: URLSearchParams,
  credentials: ClientCredentials,
): FormCheck {
  const names = [...incoming.keys()];
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated) return refuse('invalid_request', `${repeated} appears more than once`);

  if (incoming.has('client_secret')) {
    return refuse('invalid_request', 'client_secret must not be sent: the broker adds it');
  }
  // The extension may name its own client key; only a different one would be an override.
  const sentKey = incoming.get('client_key');
  if (sentKey !== null && sentKey !== credentials.clientKey) {
    return refuse('invalid_client', 'client_key does not match the app this broker serves');
  }

  const rule = ruleFor(endpoint, incoming);
  if ('ok' in rule) return rule;

  const known = new Set([...rule.required, ...rule.optional, 'client_key']);
  const unknown = names.find((name) => !known.has(name));
  if (unknown) return refuse('invalid_request', `${unknown} is not a field this call accepts`);
  const missing = rule.required.find((name) => !incoming.get(name));
  if (missing) return refuse('invalid_request', `${missing} is required`);

  const form = new URLSearchParams({
    client_key: credentials.clientKey,
    client_secret: credentials.clientSecret,
  });
  for (const name of [...rule.required, ...rule.optional]) {
    const value = incoming.get(name);
    if (value !== null) form.set(name, value);
  }
  return { ok: true, form };
}
