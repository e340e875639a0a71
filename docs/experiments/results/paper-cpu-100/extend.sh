#!/bin/bash
# CPU protocol change 7 (docs/experiments/cpu-protocol.md): continue the 32 RL runs of a finished paper-cpu sweep
# from their step-60 checkpoints to step 100, in a copy of the sweep, with the binary that ran them.
#   usage: extend.sh SOURCE_SWEEP COPY_SWEEP GVM_BINARY      then: gvm report COPY_SWEEP
# Step 0 checks that resuming is exact on this machine: the seed-1 RAFT++ run, resumed from its step-50 checkpoint,
# must write the same steps 51-60 as the original (times aside).
set -euo pipefail
SRC=${1:?source sweep}; DST=${2:?copy}; GVM=${3:?gvm binary}
first=$(python3 -c "import json,sys;p=json.load(open(sys.argv[1]));print(next(r['run_id'] for r in p['runs'] if r['stage'].startswith('rl_')))" "$SRC/plan.json")
check=$(mktemp -d)
cp -a "$SRC/runs/$first" "$check/run"
rm -rf "$check/run/checkpoints/step_000060"
printf step_000050 > "$check/run/checkpoints/latest"
"$GVM" train --spec "$SRC/runs/$first/spec.json" --out "$check/run" > "$check/log" 2>&1
python3 - "$SRC/runs/$first/metrics.jsonl" "$check/run/metrics.jsonl" <<'PY'
import json, sys
def load(path):
    steps = {}
    for line in open(path):
        o = json.loads(line)
        o = {k: v for k, v in o.items() if k != 'time' and 'seconds' not in k and not k.startswith('perf/')}
        steps.setdefault(o['step'], []).append(o)
    return steps
a, b = load(sys.argv[1]), load(sys.argv[2])
bad = [s for s in range(51, 61) if a.get(s) != b.get(s)]
print('resume check, steps 51-60:', 'equal' if not bad else f'differ at {bad}')
sys.exit(1 if bad else 0)
PY
rm -rf "$check"
rm -rf "$DST"; cp -a "$SRC" "$DST"
rm -rf "$DST/sweep.lock" "$DST/plots" "$DST"/*.csv "$DST"/comparison.*
python3 - "$DST" <<'PY'
import json, os, sys
d = sys.argv[1]; plan = json.load(open(d + '/plan.json'))
os.makedirs(d + '/specs100', exist_ok=True)
ids = []
for r in plan['runs']:
    if r['stage'].startswith('rl_'):
        r['spec']['schedule']['steps'] = 100
        spec = json.load(open(f"{d}/runs/{r['run_id']}/spec.json")); spec['schedule']['steps'] = 100
        json.dump(spec, open(f"{d}/specs100/{r['run_id']}.json", 'w'), indent=2)
        ids.append(r['run_id'])
json.dump(plan, open(d + '/plan.json', 'w'), indent=2)
open(d + '/specs100/ids.txt', 'w').write('\n'.join(ids) + '\n')
print(len(ids), 'RL runs to continue')
PY
export GVM DST
xargs -P 2 -I{} bash -c 's=$(date +%s); "$GVM" train --spec "$DST/specs100/{}.json" --out "$DST/runs/{}" --allow-spec-change > "$DST/specs100/{}.log" 2>&1; echo "{} rc=$? $(( $(date +%s) - s )) s"' < "$DST/specs100/ids.txt"
