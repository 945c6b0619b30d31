// mpd-parser ships no types; these cover the part of its output dash.ts reads. It bundles
// @xmldom/xmldom's DOMParser, so it runs the same under node (unit tests) and in an offscreen page.
declare module 'mpd-parser' {
  export interface MpdByteRange {
    offset: number;
    length: number;
  }
  export interface MpdSegment {
    uri: string;
    resolvedUri: string;
    duration: number;
    byterange?: MpdByteRange;
    map?: { uri: string; resolvedUri: string; byterange?: MpdByteRange };
  }
  export interface MpdPlaylist {
    attributes: {
      NAME?: string;
      BANDWIDTH?: number;
      CODECS?: string;
      RESOLUTION?: { width: number; height: number };
      'FRAME-RATE'?: number;
    };
    resolvedUri: string;
    /** Absent for a Representation that is only a BaseURL (one whole file). */
    segments?: MpdSegment[];
    endList?: boolean;
    contentProtection?: Record<string, unknown>;
    sidx?: {
      uri: string;
      resolvedUri: string;
      byterange: MpdByteRange;
      duration?: number;
      map?: { uri: string; resolvedUri: string; byterange?: MpdByteRange };
    };
  }
  export interface MpdManifest {
    duration?: number;
    endList?: boolean;
    minimumUpdatePeriod?: number;
    playlists: MpdPlaylist[];
    mediaGroups: {
      AUDIO: Record<
        string,
        Record<string, { language?: string; default?: boolean; playlists: MpdPlaylist[] }>
      >;
    };
  }
  export function parse(manifest: string, options?: { manifestUri?: string }): MpdManifest;
  /** The MPD root element as an xmldom Element (DOM API subset). */
  export function stringToMpdXml(manifest: string): Element;
}
