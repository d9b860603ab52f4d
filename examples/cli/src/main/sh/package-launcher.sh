#!/bin/sh
# Run at package time: puts the whokilled launcher beside whokilled.jar, and makes its class data archive by one
# analysis of a small real log (so that the classes of reading, parsing and reporting are all in it).
set -e
target="$1"
sample="$2"
java="$3"
cp "$(dirname "$0")/whokilled" "$target/whokilled"
chmod +x "$target/whokilled"
rm -f "$target/whokilled.jsa"
"$java" -XX:ArchiveClassesAtExit="$target/whokilled.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
  -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$target/whokilled.jar" --json "$sample" > /dev/null
