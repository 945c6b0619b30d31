import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorState } from './state';

/** What a handler gets: the request, the emulator's memory, and a note for the request log. */
export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  state: EmulatorState;
  /** `http://HOST:PORT` as the emulator is reached. */
  baseUrl: string;
  note: { publishId?: string; errorCode?: string };
}
