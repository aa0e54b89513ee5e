#!/usr/bin/env python3
"""Disassembles the hottest regions of a JMH perfasm log whose code came out as raw bytes.

JDK 25 prints compiled code as hex when it finds no working hsdis plugin (Debian's libhsdis0-fcml
is one it cannot use), and perfasm then shows bytes, not instructions. This reads each
"....[Hottest Region N]" block of such a log, joins its contiguous bytes and prints binutils'
objdump disassembly (Intel syntax) with the block's addresses, so the instructions C2 emitted can
be read.

    java -jar benchmarks/target/benchmarks.jar 'M5Benchmark.rnnc$' -bm avgt -f 1 \\
        -prof 'perfasm:events=cpu-clock' > perfasm.log    # cpu-clock: no hardware counters in a VM
    python3 benchmarks/perfasm_disasm.py perfasm.log [REGION]
"""
import re
import subprocess
import sys
import tempfile

HEX_LINE = re.compile(r"\s*(?:[\d.]+%)?\s*(0x[0-9a-f]+):\s+((?:[0-9a-f]{2,8}\s*\|?\s*)+)$")
REGION = re.compile(r"^\.+\[Hottest Region (\d+)\]")
RULE = re.compile(r"^\.{20,}$")


def regions(lines):
    """Yields (number, title, lines) for every hottest-region block."""
    number = title = None
    block = []
    for line in lines:
        start = REGION.match(line)
        if start:
            number, title, block = int(start.group(1)), None, []
        elif number is not None and RULE.match(line.strip()):
            yield number, title, block
            number = None
        elif number is not None:
            if title is None and line.strip():
                title = line.strip()
            block.append(line)


def disassemble(block):
    """objdump's listing of the block's first contiguous run of bytes."""
    data, start = bytearray(), None
    for line in block:
        m = HEX_LINE.match(line)
        if not m:
            continue
        address = int(m.group(1), 16)
        if start is None:
            start = address
        if address != start + len(data):
            continue  # an annotation repeating an address already covered
        data += bytes.fromhex(re.sub(r"[\s|]", "", m.group(2)))
    if not data:
        return "(no raw bytes: this region was already disassembled)\n"
    with tempfile.NamedTemporaryFile(suffix=".bin") as f:
        f.write(data)
        f.flush()
        out = subprocess.run(
            ["objdump", "-D", "-b", "binary", "-mi386:x86-64", "-M", "intel",
             "--adjust-vma=%#x" % start, f.name],
            capture_output=True, text=True, check=True).stdout
    return out.split("<.data>:", 1)[-1]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    wanted = int(sys.argv[2]) if len(sys.argv) > 2 else None
    with open(sys.argv[1]) as f:
        for number, title, block in regions(f):
            if wanted is None or number == wanted:
                print("== region %d: %s" % (number, title))
                print(disassemble(block))


if __name__ == "__main__":
    main()
