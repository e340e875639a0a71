#!/bin/bash
# Fake trainer for orchestration tests: follows the run contract (metrics.jsonl, status.json, result.json) without
# training. Arguments: key=value options, then --spec FILE --out DIR (added by the launcher).
#   sleep=S        seconds per step (default 0.1)
#   fail_until=K   attempts before K exit 1 after the first step (default 0: never)
#   hang=1         never finish (for timeouts)
#   env_dump=1     write the environment the trainer got to out/env.txt (secrets tests)
# Steps come from the spec's schedule.steps. Progress survives restarts (out/progress), like a checkpoint.
sleep_s=0.1; fail_until=0; hang=0; env_dump=0
while [ $# -gt 0 ]; do
  case "$1" in
    --spec) spec="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *=*) declare "${1%%=*}=${1#*=}"; sleep_s=${sleep:-$sleep_s}; shift ;;
    *) shift ;;
  esac
done
steps=$(grep -o '"steps": [0-9]*' "$spec" | head -1 | grep -o '[0-9]*$')
echo "$$" >> "$out/starts"
[ "$env_dump" = 1 ] && env > "$out/env.txt"
attempt=$(wc -l < "$out/starts")
echo "${CUDA_VISIBLE_DEVICES:-}" > "$out/gpus"
start=0; [ -f "$out/progress" ] && start=$(cat "$out/progress")
status() { printf '{"state":"%s","step":%d,"total_steps":%d,"heartbeat":"%s","pid":%d}' "$1" "$2" "$steps" "$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)" $$ > "$out/status.tmp" && mv "$out/status.tmp" "$out/status.json"; }
trap 'status interrupted "$start"; exit 130' TERM
status running "$start"
for ((s = start + 1; s <= steps || hang == 1; s++)); do
  sleep "$sleep_s" & wait $!
  if [ "$hang" = 1 ]; then status running "$start"; continue; fi
  printf '{"step":%d,"time":%s,"train/reward_mean":0.5,"eval/accuracy":%s}\n' "$s" "$(date +%s.%N)" "0.$s" >> "$out/metrics.jsonl"
  echo "$s" > "$out/progress.tmp" && mv "$out/progress.tmp" "$out/progress"
  start=$s
  status running "$s"
  if [ "$attempt" -lt "$fail_until" ]; then echo "fake failure on attempt $attempt" >&2; exit 1; fi
done
status succeeded "$steps"
printf '{"state":"succeeded","steps":%d,"seconds":0,"metrics":{}}' "$steps" > "$out/result.json"
echo done >> "$out/completions"
exit 0
