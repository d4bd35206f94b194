import { PDFObject, PDFRawStream, type PDFContext, type PDFDict } from 'pdf-lib';

/**
 * PDF objects whose bytes are prepared once and copied as a block: the font
 * programs and width arrays every render repeats. pdf-lib copies stream
 * contents byte by byte and formats each number again on every save.
 */
// pdf-lib declares the constructor private; `PDFRawStream.of` is a plain `new`.
const RawStream = PDFRawStream as unknown as new (dict: PDFDict, contents: Uint8Array) => PDFRawStream;

export class PreparedStream extends RawStream {
  static prepared(dict: PDFDict, contents: Uint8Array): PreparedStream {
    return new PreparedStream(dict, contents);
  }

  override copyBytesInto(buffer: Uint8Array, offset: number): number {
    this.updateDict();
    const start = offset;
    offset += this.dict.copyBytesInto(buffer, offset);
    buffer.set(STREAM, offset);
    offset += STREAM.length;
    buffer.set(this.contents, offset);
    offset += this.contents.length;
    buffer.set(ENDSTREAM, offset);
    offset += ENDSTREAM.length;
    return offset - start;
  }
}

const STREAM = Buffer.from('\nstream\n', 'latin1');
const ENDSTREAM = Buffer.from('\nendstream', 'latin1');

/** A direct object (e.g. a widths array) serialised once. */
export class PreparedValue extends PDFObject {
  private readonly bytes: Uint8Array;

  constructor(private readonly text: string) {
    super();
    this.bytes = Buffer.from(text, 'latin1');
  }

  override clone(_context?: PDFContext): PreparedValue {
    return this;
  }

  override toString(): string {
    return this.text;
  }

  override sizeInBytes(): number {
    return this.bytes.length;
  }

  override copyBytesInto(buffer: Uint8Array, offset: number): number {
    buffer.set(this.bytes, offset);
    return this.bytes.length;
  }
}
