/**
 * PULL_FROM_URL ownership: TikTok pulls only from a verified Domain (covering its subdomains) or a
 * verified URL prefix (matched exactly), over https, never from an IP host.
 */
export interface OwnershipConfig {
  verifiedDomains: string[];
  verifiedPrefixes: string[];
  allowInsecurePull: boolean;
}

export function isIpHost(hostname: string): boolean {
  return hostname.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname);
}

/** True when TikTok would pull this (already parsed) URL for the app's configuration. */
export function pullUrlVerified(url: URL, cfg: OwnershipConfig): boolean {
  const schemeOk = url.protocol === 'https:' || (cfg.allowInsecurePull && url.protocol === 'http:');
  if (!schemeOk || url.username !== '' || url.password !== '') return false;
  if (isIpHost(url.hostname) && !cfg.allowInsecurePull) return false;
  const host = url.hostname.toLowerCase();
  const underDomain = cfg.verifiedDomains.some((raw) => {
    const domain = raw.trim().toLowerCase().replace(/\.$/, '');
    return domain !== '' && (host === domain || host.endsWith(`.${domain}`));
  });
  const underPrefix = cfg.verifiedPrefixes.some((prefix) => prefix !== '' && url.href.startsWith(prefix));
  return underDomain || underPrefix;
}
