// MessagePack in and out, with one reused Decoder and Encoder (the @msgpack/msgpack README's
// advice for a steady stream). A state frame is an array whose first element is 0; every
// other server message is a map with a "type".
import { Decoder, Encoder } from "@msgpack/msgpack";
import type { ClientMessage, Hello, Pong, ResultMsg, ServerEvent } from "./protocol";

export type ServerMessage =
  | { type: "state"; frame: number[] }
  | Hello
  | ServerEvent
  | ResultMsg
  | Pong;

export class CodecError extends Error {}

export class Codec {
  private readonly decoder = new Decoder();
  private readonly encoder = new Encoder();

  /** A server message. State frames come back as plain numbers (booleans as 0/1). */
  decode(data: ArrayBuffer | Uint8Array): ServerMessage {
    const value = this.decoder.decode(data);
    if (Array.isArray(value)) {
      if (value[0] !== 0) throw new CodecError(`unknown array message kind ${String(value[0])}`);
      for (let i = 0; i < value.length; i++) value[i] = toNumber(value[i]);
      return { type: "state", frame: value as number[] };
    }
    if (value !== null && typeof value === "object" && typeof (value as { type?: unknown }).type === "string") {
      return value as ServerMessage;
    }
    throw new CodecError("a server message is neither a state frame nor a typed map");
  }

  /** Any MessagePack value (the replay's frames file). */
  decodeValue(data: ArrayBuffer | Uint8Array): unknown {
    return this.decoder.decode(data);
  }

  encode(message: ClientMessage | unknown): Uint8Array {
    return this.encoder.encode(message);
  }
}

function toNumber(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "bigint") return Number(v);
  return Number.NaN;
}
