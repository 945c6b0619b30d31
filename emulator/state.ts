/** Everything the emulator remembers between requests; `reset` forgets it all. */
import { rm } from 'node:fs/promises';
import { DEFAULT_CONFIG, mergeConfig, type EmulatorConfig, type EmulatorUser } from './config';
import { FaultBook } from './faults';
import { RateWindows } from './limits';
import type { UploadRecord } from './uploads';

export interface AuthCode {
  clientKey: string;
  redirectUri: string;
  openId: string;
  scopes: string[];
  codeChallenge?: string;
  expiresAt: number;
  used: boolean;
}

export interface Grant {
  openId: string;
  clientKey: string;
  scopes: string[];
  expiresAt: number;
}

export interface LogEntry {
  seq: number;
  time: number;
  method: string;
  path: string;
  endpoint: string;
  /** 0 when the connection was dropped without an answer. */
  status: number;
  contentRange?: string;
  contentLength?: number;
  publishId?: string;
  /** TikTok's error code of the answer, when it was an error. */
  errorCode?: string;
  origin?: string;
  cookie?: boolean;
}

export class EmulatorState {
  config: EmulatorConfig;
  readonly codes = new Map<string, AuthCode>();
  readonly accessTokens = new Map<string, Grant>();
  readonly refreshTokens = new Map<string, Grant>();
  /** Who each open_id was when they signed in (config.user may change between sign-ins). */
  readonly users = new Map<string, EmulatorUser>();
  readonly uploads = new Map<string, UploadRecord>();
  /** upload id (in the upload_url path) → publish id */
  readonly uploadIds = new Map<string, string>();
  readonly log: LogEntry[] = [];
  readonly faults = new FaultBook();
  readonly initWindows = new RateWindows();
  readonly statusWindows = new RateWindows();
  /** Pulls under way, aborted by reset and close. */
  readonly pulls = new Set<AbortController>();
  private logSeq = 0;

  constructor(
    config: Partial<EmulatorConfig> | undefined,
    readonly dataDir: string,
    readonly now: () => number = Date.now,
  ) {
    this.config = mergeConfig(DEFAULT_CONFIG, config);
  }

  record(entry: Omit<LogEntry, 'seq'>): void {
    this.log.push({ seq: ++this.logSeq, ...entry });
  }

  abortPulls(): void {
    for (const pull of this.pulls) pull.abort();
    this.pulls.clear();
  }

  async reset(config: unknown): Promise<void> {
    const next = mergeConfig(DEFAULT_CONFIG, config);
    this.abortPulls();
    const files = [...this.uploads.values()].map((u) => u.filePath);
    this.config = next;
    this.codes.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
    this.users.clear();
    this.uploads.clear();
    this.uploadIds.clear();
    this.log.length = 0;
    this.logSeq = 0;
    this.faults.clear();
    this.initWindows.clear();
    this.statusWindows.clear();
    await Promise.all(files.map((f) => rm(f, { force: true })));
  }
}
