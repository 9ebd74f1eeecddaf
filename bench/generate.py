#!/usr/bin/env python3
"""generate.py N: a declaration of N tables (with keys, a check, a foreign key, two indexes and
comments each) on stdout, for the benchmarks in bench/run."""
import sys

n = int(sys.argv[1])
out = ["extensions:", "  uuid-ossp: {}", "schemas:", "  bench:", "    tables:"]
for i in range(n):
    parent = f"t{i - 1:05d}" if i else None
    out += [
        f"      t{i:05d}:",
        f"        comment: Table {i}",
        "        columns:",
        "          id: {type: uuid, primary_key: true, default: uuid_generate_v4()}",
        "          name: {type: text, not_null: true}",
        "          status: {type: text, default: \"'active'\", check: \"status IN ('active', 'paused')\"}",
        "          amount: {type: \"numeric(12,2)\", default: 0}",
        "          created_at: {type: timestamptz, default: now()}",
    ]
    if parent:
        out.append(f"          parent_id: {{type: uuid, references: {{table: {parent}, on_delete: cascade}}}}")
    out += [
        "        unique:",
        "          - columns: [name]",
        "        indexes:",
        f"          t{i:05d}_created_at:",
        "            columns: [{column: created_at, order: desc}]",
        f"          t{i:05d}_active_name:",
        "            columns: [name]",
        "            where: status = 'active'",
    ]
print("\n".join(out))
