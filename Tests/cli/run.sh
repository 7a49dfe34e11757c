#!/usr/bin/env bash
# End-to-end checks of the `hypercube` command line: real renders to real files, and every documented
# error path exits non-zero with a message that says what is wrong.
set -uo pipefail
bin="${1:?usage: Tests/cli/run.sh path/to/hypercube}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

check() { # name, expected exit (0 or nonzero), grep pattern for the combined output, command...
    local name="$1" expect="$2" pattern="$3"
    shift 3
    local output status
    output="$("$@" 2>&1)"
    status=$?
    if { [ "$expect" = 0 ] && [ "$status" -ne 0 ]; } || { [ "$expect" != 0 ] && [ "$status" -eq 0 ]; }; then
        echo "FAIL $name: exit $status"
        echo "$output" | sed 's/^/    /'
        failed=$((failed + 1))
    elif ! grep -qE -- "$pattern" <<<"$output"; then
        echo "FAIL $name: output does not match /$pattern/"
        echo "$output" | sed 's/^/    /'
        failed=$((failed + 1))
    else
        echo "ok   $name"
        passed=$((passed + 1))
    fi
}

png_size() { # prints WIDTHxHEIGHT of a PNG file from its IHDR chunk
    python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); assert d[:8]==b"\x89PNG\r\n\x1a\n"; print("%dx%d" % struct.unpack(">II", d[16:24]))' "$1"
}

check "devices lists the chosen device" 0 "^using #[0-9]+ " "$bin" devices
check "devices --device unknown" 1 "no Vulkan device matches 'no-such-gpu'" "$bin" devices --device no-such-gpu
check "render one frame" 0 "rendered 1 frame" "$bin" render --scene tesseract --time 1.5 --size 320x180 --out "$work/one.png"
check "rendered PNG has the asked size" 0 "^320x180$" png_size "$work/one.png"
check "render a sequence" 0 "rendered 3 frame" "$bin" render --scene 600-cell --frames 3 --fps 90 --size 160x90 --out "$work/seq"
check "sequence wrote numbered frames" 0 "frame-00002.png" ls "$work/seq"
check "render a scene file by path" 0 "rendered 1 frame" "$bin" render --scene assets/scenes/24-cell.json --size 64x64 --out "$work/file.png"
check "render on the CPU reference" 0 "on the CPU" "$bin" render --cpu --size 64x36 --out "$work/cpu.png"
check "unknown scene lists known ones" 1 "unknown scene 'nope'.*tesseract" "$bin" render --scene nope --out "$work/x.png"
check "zero size" 1 "must be positive" "$bin" render --size 0x0 --out "$work/x.png"
check "odd size" 1 "must be even" "$bin" render --size 321x180 --out "$work/x.png"
check "too large" 1 "larger than the maximum 7680x4320" "$bin" render --size 7682x4320 --out "$work/x.png"
check "malformed size" 1 "expected WIDTHxHEIGHT" "$bin" render --size big --out "$work/x.png"
check "unwritable output" 1 "$work/missing/dir/x.png" "$bin" render --size 64x64 --out "$work/missing/dir/x.png"
printf '{"name": "broken", "objects": [{"shape": {"kind": "regular", "name": "7-cell"}}]}' >"$work/broken.json"
check "bad scene file names file and path" 1 "broken.json: \\\$\\.objects\\[0\\]\\.shape\\.name" "$bin" render --scene "$work/broken.json" --out "$work/x.png"
check "no Vulkan driver gives one clear line" 1 "install a Vulkan driver" env VK_ICD_FILENAMES=/nonexistent.json VK_DRIVER_FILES=/nonexistent.json "$bin" devices

check "encode VP8 to IVF" 0 "encoded 30 frame.*vp8" "$bin" render --scene tesseract --frames 30 --fps 30 --size 320x180 --codec vp8 --bitrate 500k --out "$work/clip.ivf"
check "probe decodes every frame" 0 "frames: 30 \(header says 30\), decoded: 30" "$bin" probe "$work/clip.ivf"
check "ffprobe counts the same frames" 0 "^vp8,320,180,30$" ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=codec_name,width,height,nb_read_frames -of csv=p=0 "$work/clip.ivf"
check "encode VP9 by --seconds" 0 "encoded 15 frame.*vp9" "$bin" render --seconds 0.5 --fps 30 --size 320x180 --codec vp9 --out "$work/clip9.ivf"
check "unknown codec" 1 "unknown codec 'h264' \(expected vp8 or vp9\)" "$bin" render --codec h264 --out "$work/x.ivf"
check "zero bitrate" 1 "bitrate must be positive" "$bin" render --bitrate 0 --out "$work/x.ivf"
check "frames and seconds together" 1 "not both" "$bin" render --frames 3 --seconds 1 --out "$work/x.ivf"
check "render --time nan" 1 "--time: nan is out of range; expected a finite number" "$bin" render --time nan --out "$work/x.png"
check "render --seconds 1e300" 1 "--seconds: 1e\+300 is out of range" "$bin" render --seconds 1e300 --out "$work/x.ivf"
head -c 100 "$work/clip.ivf" >"$work/truncated.ivf"
check "truncated IVF is named precisely" 1 "truncated|declares [0-9]+ bytes but only" "$bin" probe "$work/truncated.ivf"

check "serve --max-viewers-per-session 0" 1 "--max-viewers-per-session: 0 is out of range; expected 1\.\.\.100000" \
    "$bin" serve --max-viewers-per-session 0 --port 0
for value in nan inf -inf -5 0 100000; do
    check "serve HYPERCUBE_ICE_TIMEOUT_SECONDS=$value" 1 \
        "^error: HYPERCUBE_ICE_TIMEOUT_SECONDS: -?(nan|inf|[0-9.]+) is out of range; expected a finite number in 1\.\.\.3600$" \
        env HYPERCUBE_ICE_TIMEOUT_SECONDS="$value" HYPERCUBE_STATE_DIR="$work/state" "$bin" serve --port 0
done
check "serve HYPERCUBE_ICE_TIMEOUT_SECONDS=soon" 1 "HYPERCUBE_ICE_TIMEOUT_SECONDS: 'soon' is not a number" \
    env HYPERCUBE_ICE_TIMEOUT_SECONDS=soon HYPERCUBE_STATE_DIR="$work/state" "$bin" serve --port 0
check "serve PORT=http" 1 "PORT: 'http' is not an integer; expected 0\.\.\.65535" \
    env PORT=http HYPERCUBE_STATE_DIR="$work/state" "$bin" serve
check "serve --udp-port 70000" 1 "--udp-port: 70000 is out of range; expected 0\.\.\.65535" \
    "$bin" serve --port 0 --udp-port 70000
check "serve HYPERCUBE_WRITE_RATE=nan" 1 "HYPERCUBE_WRITE_RATE: nan is out of range" \
    env HYPERCUBE_WRITE_RATE=nan HYPERCUBE_STATE_DIR="$work/state" "$bin" serve --port 0
qr_url="https://192.168.1.20:5000/xr?session=default"
qr_read() { zbarimg --quiet "$1" 2>/dev/null; } # a real QR reader (Debian's zbar-tools); its D-Bus chatter dropped
check "qr writes a PNG" 0 "QR code version [0-9]+" "$bin" qr --png "$work/qr.png" "$qr_url"
check "zbarimg reads the URL back from the PNG" 0 "^QR-Code:$(printf '%s' "$qr_url" | sed 's/[?.]/\\&/g')$" \
    qr_read "$work/qr.png"
qr_long="https://render-4d-hypercube.example.org:5000/xr?session=$(printf 'a%.0s' $(seq 1 150))"
check "qr of 206 bytes (version 10)" 0 "QR code version 10 " "$bin" qr --png "$work/qr-long.png" "$qr_long"
check "zbarimg reads the version 10 code back" 0 "^QR-Code:https://render-4d-hypercube\.example\.org:5000/xr\?session=a{150}$" \
    qr_read "$work/qr-long.png"
check "qr prints the code in the terminal" 0 "▀|▄|█" "$bin" qr "$qr_url"
check "qr of 300 bytes" 1 "at most 213 bytes; the text has 300" "$bin" qr "$(printf 'a%.0s' $(seq 1 300))"
serve_on_a_terminal() { # serve with HTTPS on a pseudo-terminal until its banner is out (script -f: flushed as written); prints what it wrote
    local out="$work/tty.out"
    : >"$out"
    script -qefc "env HYPERCUBE_STATE_DIR=$work/tty-state $bin serve --tls-self-signed --port 0 --size 64x36 --fps 5" \
        "$out" >/dev/null 2>&1 &
    local pid=$!
    for _ in $(seq 1 240); do
        grep -aq "Scan to open" "$out" && sleep 0.5 && break
        sleep 0.5
    done
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    cat "$out"
}
check "serve on a terminal prints a QR code of its HTTPS /xr URL" 0 "Scan to open https://[^ ]+/xr:" serve_on_a_terminal
check "serve on a terminal: the code is drawn" 0 "█▀▀▀▀▀█" cat "$work/tty.out"
check "serve --port 0 prints the port it got" 0 "Player: https://[^ ]+:[1-9][0-9]*/ " cat "$work/tty.out"
check "serve --egress-budget without --cluster" 1 "--egress-budget need --cluster" \
    env HYPERCUBE_STATE_DIR="$work/state" "$bin" serve --port 0 --egress-budget 800M
check "serve --egress-budget lots" 1 "--egress-budget 'lots': expected bits per second above 0" \
    env HYPERCUBE_STATE_DIR="$work/state" "$bin" serve --port 0 --cluster postgres://hc@127.0.0.1:1/hc --egress-budget lots
check "serve HYPERCUBE_OTLP_ENDPOINT=tempo:4318" 1 "HYPERCUBE_OTLP_ENDPOINT must be the collector's http\(s\)://HOST:PORT" \
    env HYPERCUBE_OTLP_ENDPOINT=tempo:4318 HYPERCUBE_STATE_DIR="$work/state" "$bin" serve --port 0
within() { # seconds, command...: runs the command, but reports a hang as exit 124 and a line saying so
    local seconds="$1"
    shift
    timeout -k 2 "$seconds" "$@"
    local status=$?
    if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then echo "still running after $seconds s"; fi
    return "$status"
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# A service that fails once running ends `serve` with one error line; it used to hang on the media loop's second
# shutdown, deaf to SIGTERM. 10 s bounds a hang, not the speed (it takes well under a second).
check "serve --http-idle-timeout 0" 1 "--http-idle-timeout: 0\.0 is out of range; expected a finite number in 1\.\.\.3600$" \
    "$bin" serve --port 0 --http-idle-timeout 0
check "serve --http-request-read-timeout nan" 1 "--http-request-read-timeout: nan is out of range" \
    "$bin" serve --port 0 --http-request-read-timeout nan
check "serve --max-connections-per-client 0" 1 "--max-connections-per-client: 0 is out of range" \
    "$bin" serve --port 0 --max-connections-per-client 0
check "serve HYPERCUBE_PENDING_VIEWER_TIMEOUT_SECONDS=0" 1 "HYPERCUBE_PENDING_VIEWER_TIMEOUT_SECONDS: 0\.0 is out of range; expected a finite number in 1\.\.\.30" \
    env HYPERCUBE_PENDING_VIEWER_TIMEOUT_SECONDS=0 HYPERCUBE_STATE_DIR="$work/state" "$bin" serve --port 0
check "serve --max-xr-viewers 1001" 1 "--max-xr-viewers: 1001 is out of range" \
    "$bin" serve --port 0 --max-xr-viewers 1001 --state-dir "$work/state"
check "serve --trusted-proxy that is not an address" 1 "^error: --trusted-proxy: 'ingress' is not an IP address or CIDR network$" \
    "$bin" serve --port 0 --trusted-proxy ingress --state-dir "$work/state"
check "serve --cors-origin without a scheme" 1 "--cors-origin: 'console.example' is not an origin" \
    "$bin" serve --port 0 --cors-origin console.example --state-dir "$work/state"
if git rev-parse --git-dir >/dev/null 2>&1; then
    # shellcheck disable=SC2016 # the inner shell expands it
    check "the default state directory is ignored and holds no tracked file" 0 "^ignored, 0 tracked$" \
        sh -c 'git check-ignore -q state/audit.jsonl && echo "ignored, $(git ls-files state | wc -l) tracked"'
fi
held="$(free_port)"
python3 -m http.server "$held" --bind 127.0.0.1 >/dev/null 2>&1 &
holder=$!
sleep 0.5
check "serve on a port another process holds" 1 "^error: cannot serve HTTP on 127\.0\.0\.1:$held: .*another process uses this port" \
    within 10 "$bin" serve --host 127.0.0.1 --port "$held" --udp-port 0 --size 160x90 --state-dir "$work/state"
kill "$holder"
held_udp="$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
python3 -c 'import socket, sys, time; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", int(sys.argv[1]))); time.sleep(60)' "$held_udp" &
holder=$!
sleep 0.5
check "serve on a UDP port another process holds" 1 "^error: cannot bind the UDP media socket on 127\.0\.0\.1:$held_udp: .*another process" \
    within 10 "$bin" serve --host 127.0.0.1 --port 0 --udp-port "$held_udp" --size 160x90 --state-dir "$work/state"
kill "$holder"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
    chmod 755 "$work" && mkdir -p "$work/nobody" && chmod 777 "$work/nobody"
    check "serve on port 81 without privilege" 1 "^error: cannot serve HTTP on 127\.0\.0\.1:81: .*ports below 1024" \
        within 10 setpriv --reuid=65534 --regid=65534 --clear-groups \
        "$bin" serve --host 127.0.0.1 --port 81 --udp-port 0 --size 160x90 --state-dir "$work/nobody/state"
fi
printf 'not a key' >"$work/key.pem"
check "serve with an unreadable TLS key" 1 "^error: --tls-cert/--tls-key: cannot load" \
    within 10 "$bin" serve --port 0 --tls-cert "$work/key.pem" --tls-key "$work/missing-key.pem" --state-dir "$work/state"
touch "$work/plain-file"
check "serve with a state directory it cannot create" 1 "^error: .*plain-file/state" \
    within 10 "$bin" serve --port 0 --state-dir "$work/plain-file/state"

check "serve with a short HYPERCUBE_AUDIT_KEY" 1 "HYPERCUBE_AUDIT_KEY: the audit key must be at least 16 bytes" \
    within 10 env HYPERCUBE_AUDIT_KEY=short "$bin" serve --port 0 --state-dir "$work/state"
audit_key="cli-audit-key-0123456789abcdef"
audit_case() { # name: a fresh directory $work/audit-NAME holding a 4-entry keyed log and its head
    mkdir -p "$work/audit-$1" && python3 Tests/cli/audit_chain.py "$work/audit-$1" "$audit_key" 4
    echo "$work/audit-$1"
}
verify() { env HYPERCUBE_AUDIT_KEY="$audit_key" "$bin" audit verify "$@"; }
dir="$(audit_case good)"
check "audit verify: a keyed chain written by the documented formula" 0 "^ok: 4 entries$" verify "$dir/audit.jsonl"
printf '%s\n' "$audit_key" >"$dir/audit.key"
check "audit verify: the key from audit.key beside the log" 0 "^ok: 4 entries" "$bin" audit verify "$dir/audit.jsonl"
check "audit verify: another key" 1 "line 1: HMAC .* under the audit key" \
    env HYPERCUBE_AUDIT_KEY=another-key-0123456789 "$bin" audit verify "$dir/audit.jsonl"
dir="$(audit_case edited)"
sed -i '2s/"alice"/"mallory"/' "$dir/audit.jsonl"
check "audit verify: an edited entry" 1 "line 2: HMAC .* does not match" verify "$dir/audit.jsonl"
dir="$(audit_case rehashed)"
python3 Tests/cli/audit_chain.py "$dir" - 4
check "audit verify: a re-hashed rewrite without the key" 1 "no keyed entry: the log was rewritten without the key" verify "$dir/audit.jsonl"
dir="$(audit_case reordered)"
sed -i '2{h;d};3{G}' "$dir/audit.jsonl"
check "audit verify: reordered lines" 1 "line 2: seq is 3, expected 2" verify "$dir/audit.jsonl"
dir="$(audit_case truncated)"
sed -i '$d' "$dir/audit.jsonl"
check "audit verify: a deleted tail misses the head in flags.json" 1 "log ends at seq 3 but flags.json records the head at seq 4" verify "$dir/audit.jsonl"
dir="$(audit_case moved-head)"
sed -i '$d' "$dir/audit.jsonl"
python3 -c 'import json, sys
d = sys.argv[1]; flags = json.load(open(d + "/flags.json")); last = json.loads(open(d + "/audit.jsonl").read().splitlines()[-1])
flags["audit_head"].update(seq=last["seq"], hash=last["hash"]); json.dump(flags, open(d + "/flags.json", "w"))' "$dir"
check "audit verify: a deleted tail with the head in flags.json moved to match" 1 "does not carry its MAC under the audit key" verify "$dir/audit.jsonl"
dir="$(audit_case bytes)"
sed -i '3s/alice/al\xffce/' "$dir/audit.jsonl"
check "audit verify: an invalid UTF-8 byte names its line" 1 "line 3: invalid UTF-8" verify "$dir/audit.jsonl"
dir="$(audit_case torn)"
printf '{"seq":5,"ti' >>"$dir/audit.jsonl"
check "audit verify: a torn last line" 1 "line 5: incomplete last line" verify "$dir/audit.jsonl"

check "kill -9 loop: 100 flag writes, no unaudited change, a chain that verifies" 0 "no unaudited change, chain verifies$" \
    python3 Tests/cli/kill_loop.py "$bin" "$work/killed" 100 60

serve_stops_on_sigterm() { # the drain (1 s) plus 5 s after SIGTERM, the process is gone
    local port log pid waited=0
    port="$(free_port)"
    log="$work/sigterm.log"
    "$bin" serve --host 127.0.0.1 --port "$port" --udp-port 0 --size 160x90 --state-dir "$work/state" >"$log" 2>&1 &
    pid=$!
    until grep -q "Hypercube: serving" "$log" || [ "$waited" -ge 300 ]; do
        sleep 0.1
        waited=$((waited + 1))
    done
    kill -TERM "$pid"
    for _ in $(seq 60); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid"
        echo "still running 6 s after SIGTERM"
        return 1
    fi
    wait "$pid"
    echo "ended with status $?"
}
check "serve ends within the drain time + 5 s of SIGTERM" 0 "^ended with status 0$" serve_stops_on_sigterm

serve_xr_over_self_signed_https() { # prints the XR URL, answers /xr over HTTPS, names the address, keeps the key private
    local port log pid waited=0 url status names mode
    port="$(free_port)"
    log="$work/tls.log"
    "$bin" serve --host 127.0.0.1 --port "$port" --udp-port 0 --size 160x90 --tls-self-signed \
        --state-dir "$work/tls-state" >"$log" 2>&1 &
    pid=$!
    until grep -q "Hypercube: serving" "$log" || [ "$waited" -ge 300 ]; do
        sleep 0.1
        waited=$((waited + 1))
    done
    url="$(grep -o "XR: https://127.0.0.1:$port/xr" "$log")"
    status="$(curl -sk -o /dev/null -w "%{http_code}" "https://127.0.0.1:$port/xr")"
    kill -TERM "$pid"
    wait "$pid"
    names="$(openssl x509 -noout -ext subjectAltName -in "$work/tls-state/tls/cert.pem" | tr -d ' \n')"
    mode="$(stat -c "%a" "$work/tls-state/tls/key.pem")"
    echo "url '$url', /xr $status, names $names, key mode $mode"
}
check "serve --tls-self-signed: XR page over HTTPS for the listen address" 0 \
    "^url 'XR: https://127\.0\.0\.1:[0-9]+/xr', /xr 200, names .*IPAddress:127\.0\.0\.1.*, key mode 600$" \
    serve_xr_over_self_signed_https
check "serve --tls-self-signed with --tls-cert" 1 "--tls-self-signed makes its own certificate" \
    "$bin" serve --port 0 --tls-self-signed --tls-cert "$work/x.pem" --state-dir "$work/state"
check "bench render: a tiny case prints its row" 0 "^\| tesseract \| 160x90 \| [0-9.]+ ms \| [0-9.]+ ms \|" \
    "$bin" bench render --scenes tesseract --sizes 160x90 --frames 3 --reference-frames 1
check "bench encode: ours against vpxenc on the same frames" 0 "^\| vp8 \| 160x90 \| 1 \| [0-9]+ \| [0-9]+ \| [0-9.]+× \|" \
    "$bin" bench encode --codecs vp8 --sizes 160x90 --threads 1 --frames 10
check "bench run --stages nope" 1 "--stages takes render, encode, fanout, latency, not 'nope'" \
    "$bin" bench run --stages nope
check "bench latency: an XR render fed poses reports its figures" 0 "^\| 64x36 \| 1 \| [0-9.]+ \|" \
    "$bin" bench latency --eyes 64x36 --fps 15 --seconds 1
check "bench fanout: real viewers, with and without GSO, lose nothing" 0 "Largest viewer count with every viewer under 0.1 % loss: 3\." \
    "$bin" bench fanout --viewers 3 --seconds 2 --baseline-seconds 1 --size 160x90 --fps 15 --bitrate 300k --sample 1
check "bench fanout --udp-segmentation maybe" 1 "--udp-segmentation takes on, off or both, not 'maybe'" \
    "$bin" bench fanout --udp-segmentation maybe
echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
