"""Interop peer for ConfluentClientInteropIT: Confluent's own Python client (confluent_kafka, with its
schema registry client) and Apache Avro's Python decoder, on the other side of tickcast's wire format.

  read  BOOTSTRAP REGISTRY TOPIC N [READER]
                                          consume N records, decode them (with the writer's schema
                                          from the registry, resolved to the READER .avsc if given),
                                          print one JSON line each
  write BOOTSTRAP REGISTRY TOPIC SCHEMA   register SCHEMA (an .avsc) for TOPIC-value, produce two ticks
"""
import io
import json
import struct
import sys
from datetime import datetime

import avro.io
import avro.schema
from confluent_kafka import Consumer, Producer
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient


def plain(v):
    if isinstance(v, datetime):
        return int(round(v.timestamp() * 1000))
    if isinstance(v, list):
        return [plain(x) for x in v]
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    return v


def read(bootstrap, registry_url, topic, n, reader_path=None):
    reader = None
    if reader_path:
        with open(reader_path) as f:
            reader = avro.schema.parse(f.read())
    registry = SchemaRegistryClient({"url": registry_url})
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "interop-" + topic,
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe([topic])
    seen = 0
    try:
        while seen < n:
            msg = consumer.poll(30.0)
            if msg is None:
                raise SystemExit("timed out after %d of %d records" % (seen, n))
            if msg.error():
                raise SystemExit(str(msg.error()))
            data = msg.value()
            magic, schema_id = struct.unpack(">bI", data[:5])
            if magic != 0:
                raise SystemExit("magic byte %d" % magic)
            writer = avro.schema.parse(registry.get_schema(schema_id).schema_str)
            record = avro.io.DatumReader(writer, reader).read(avro.io.BinaryDecoder(io.BytesIO(data[5:])))
            out = {k: plain(v) for k, v in record.items()}
            out["_schema_id"] = schema_id
            out["_key"] = msg.key().decode("utf-8")
            print(json.dumps(out), flush=True)
            seen += 1
    finally:
        consumer.close()


def write(bootstrap, registry_url, topic, schema_path):
    registry = SchemaRegistryClient({"url": registry_url})
    with open(schema_path) as f:
        schema_str = f.read()
    schema_id = registry.register_schema(topic + "-value", Schema(schema_str, "AVRO"))
    schema = avro.schema.parse(schema_str)
    producer = Producer({"bootstrap.servers": bootstrap})
    ticks = [
        {"symbol": "PY1", "time": 1767225600000, "price": 101.25, "volume": 7.0},
        {"symbol": "PY1", "time": 1767225601000, "price": 101.5, "volume": None},
    ]
    for t in ticks:
        buf = io.BytesIO()
        buf.write(struct.pack(">bI", 0, schema_id))
        record = dict(t)
        record["time"] = datetime.fromtimestamp(t["time"] / 1000.0, tz=avro.timezones.utc)
        avro.io.DatumWriter(schema).write(record, avro.io.BinaryEncoder(buf))
        producer.produce(topic, key=t["symbol"].encode("utf-8"), value=buf.getvalue())
    if producer.flush(30) != 0:
        raise SystemExit("not all records were delivered")
    print(json.dumps({"schema_id": schema_id}), flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "read":
        read(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6] if len(sys.argv) > 6 else None)
    elif sys.argv[1] == "write":
        write(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5])
    else:
        raise SystemExit("usage: read|write ...")
