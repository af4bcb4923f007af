/**
 * Types for the parts of the `macaroon` package (3.x, plain JavaScript) that
 * capability-tokens.ts uses.
 */
declare module 'macaroon' {
  export interface Macaroon {
    readonly identifier: Uint8Array;
    readonly location: string;
    readonly signature: Uint8Array;
    readonly caveats: readonly { readonly identifier: Uint8Array; readonly location?: string; readonly vid?: Uint8Array }[];
    addFirstPartyCaveat(caveatId: Uint8Array | string): void;
    clone(): Macaroon;
    verify(rootKey: Uint8Array, check: (condition: string) => string | null | undefined, discharges?: readonly Macaroon[]): void;
    exportBinary(): Uint8Array;
  }
  export function newMacaroon(options: { identifier: Uint8Array | string; location?: string; rootKey: Uint8Array | string; version?: number }): Macaroon;
  export function importMacaroon(obj: string | Uint8Array): Macaroon;
  export function bytesToBase64(bytes: Uint8Array): string;
  export function base64ToBytes(text: string): Uint8Array;
  const macaroon: {
    newMacaroon: typeof newMacaroon;
    importMacaroon: typeof importMacaroon;
    bytesToBase64: typeof bytesToBase64;
    base64ToBytes: typeof base64ToBytes;
  };
  export default macaroon;
}
