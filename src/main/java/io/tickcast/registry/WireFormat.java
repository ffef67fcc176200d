package io.tickcast.registry;

/**
 * Confluent's wire format of a record key or value: magic byte 0, the writer schema's registry id
 * as a 4-byte big-endian int, then the Avro binary encoding of the datum. Any client that speaks
 * it (Confluent's serializers, kcat, other languages' clients) reads and writes our topics.
 */
final class WireFormat {

  static final byte MAGIC_BYTE = 0;
  static final int HEADER_SIZE = 5;

  private WireFormat() {}

  static int schemaId(byte[] data) {
    return ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
  }
}
