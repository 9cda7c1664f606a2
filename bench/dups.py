#!/usr/bin/env python3
"""Classifies the pairs `duplicates` lists for the whole tree.

Usage: duplicates --most 200 --seconds 120 > /tmp/dups.txt; python3 bench/dups.py /tmp/dups.txt

A pair is "declaration" when at least 80% of the lines of each side are
declarations: struct fields with their tags and comments, import blocks,
constants, closing braces. The report model mirrors the analyzers' facts
on purpose (issue 8: formats import only the model), so its types share
their shape with the facts they are converted from; such pairs are not
repeated logic. The rest is split by the tool's own "boilerplate" mark.
"""
import re
import sys

DECL = re.compile(r'''^\s*(//.*|\)|\}|\{|\},?|import \(|package \w+|type \w+ (struct|interface) \{|"[^"]+"'''
                  r'''|\w+ "[^"]+"|_ "[^"]+"|[A-Za-z_]\w*(,\s*\w+)*\s+[\*\[\]\w\.]+(\s*`[^`]*`)?(\s*//.*)?'''
                  r'''|[A-Za-z_]\w*\s+[A-Za-z_]\w*\s*=\s*"[^"]*"(\s*//.*)?|[A-Z]\w*\s*=\s*.*|)\s*$''')


def lines(spec):
    name, span = spec.rsplit(':', 1)
    a, b = map(int, span.split('-'))
    with open(name, encoding='utf-8', errors='replace') as f:
        return f.read().split('\n')[a - 1:b]


def declarative(ls):
    return sum(1 for x in ls if DECL.match(x)) / max(1, len(ls)) >= 0.8


def main():
    counts = {'declaration': 0, 'boilerplate': 0, 'logic': 0}
    logic = []
    for row in open(sys.argv[1], encoding='utf-8'):
        if not row.startswith('D'):
            continue
        parts = row.split()
        if declarative(lines(parts[1])) and declarative(lines(parts[3])):
            counts['declaration'] += 1
        elif 'boilerplate' in row:
            counts['boilerplate'] += 1
        else:
            counts['logic'] += 1
            logic.append(row.rstrip())
    print('pairs %d: declaration %d, boilerplate %d, other %d' % (sum(counts.values()), counts['declaration'],
                                                                 counts['boilerplate'], counts['logic']))
    for row in logic:
        print(row)


if __name__ == '__main__':
    main()
