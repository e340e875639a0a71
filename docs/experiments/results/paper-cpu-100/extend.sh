#!/bin/bash
# CPU protocol changes 7 and 8 (docs/experiments/cpu-protocol.md): continue the RL runs of a finished paper-cpu sweep
# from their last checkpoints to STEPS steps (default 100), in a copy of the sweep, with the binary that ran them.
#   usage: extend.sh SOURCE_SWEEP COPY_SWEEP GVM_BINARY [STEPS]      then: gvm report COPY_SWEEP
# Step 0 checks that resuming is exact on this machine: the first RL run, resumed from its second-newest checkpoint,
# must write the same steps up to its newest as the original (times aside).
set -euo pipefail
SRC=${1:?source sweep}; DST=${2:?copy}; GVM=${3:?gvm binary}; STEPS=${4:-100}
first=$(python3 -c "import json,sys;p=json.load(open(sys.argv[1]));print(next(r['run_id'] for r in p['runs'] if r['stage'].startswith('rl_')))" "$SRC/plan.json")
check=$(mktemp -d)
cp -a "$SRC/runs/$first" "$check/run"
newest=$(ls "$check/run/checkpoints" | grep '^step_' | sort | tail -1)
older=$(ls "$check/run/checkpoints" | grep '^step_' | sort | tail -2 | head -1)
rm -rf "$check/run/checkpoints/$newest"
printf '%s' "$older" > "$check/run/checkpoints/latest"
"$GVM" train --spec "$SRC/runs/$first/spec.json" --out "$check/run" > "$check/log" 2>&1
python3 - "$SRC/runs/$first/metrics.jsonl" "$check/run/metrics.jsonl" "$((10#${older#step_}))" "$((10#${newest#step_}))" <<'PY'
import json, sys
def load(path):
    steps = {}
    for line in open(path):
        o = json.loads(line)
        o = {k: v for k, v in o.items() if k != 'time' and 'seconds' not in k and not k.startswith('perf/')}
        steps.setdefault(o['step'], []).append(o)
    return steps
a, b = load(sys.argv[1]), load(sys.argv[2])
lo, hi = int(sys.argv[3]), int(sys.argv[4])
bad = [s for s in range(lo + 1, hi + 1) if a.get(s) != b.get(s)]
print(f'resume check, steps {lo + 1}-{hi}:', 'equal' if not bad else f'differ at {bad}')
sys.exit(1 if bad else 0)
PY
rm -rf "$check"
rm -rf "$DST"; cp -a "$SRC" "$DST"
rm -rf "$DST/sweep.lock" "$DST/plots" "$DST"/*.csv "$DST"/comparison.*
python3 - "$DST" "$STEPS" <<'PY'
import json, os, sys
d = sys.argv[1]; steps = int(sys.argv[2]); plan = json.load(open(d + '/plan.json'))
os.makedirs(f'{d}/extension-{steps}', exist_ok=True)
ids = []
for r in plan['runs']:
    if r['stage'].startswith('rl_'):
        r['spec']['schedule']['steps'] = steps
        spec = json.load(open(f"{d}/runs/{r['run_id']}/spec.json")); spec['schedule']['steps'] = steps
        json.dump(spec, open(f"{d}/extension-{steps}/{r['run_id']}.json", 'w'), indent=2)
        ids.append(r['run_id'])
json.dump(plan, open(d + '/plan.json', 'w'), indent=2)
open(f'{d}/extension-{steps}/ids.txt', 'w').write('\n'.join(ids) + '\n')
print(len(ids), 'RL runs to continue')
PY
export GVM DST STEPS
xargs -P 2 -I{} bash -c 's=$(date +%s); "$GVM" train --spec "$DST/extension-$STEPS/{}.json" --out "$DST/runs/{}" --allow-spec-change > "$DST/extension-$STEPS/{}.log" 2>&1; echo "{} rc=$? $(( $(date +%s) - s )) s"' < "$DST/extension-$STEPS/ids.txt"
