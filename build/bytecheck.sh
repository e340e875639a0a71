#!/bin/bash
# Byte-identity check of the trainer's outputs for a source tree (issue 18/20 refactors):
#   CKPT=WARM_START build/bytecheck.sh TREE OUTDIR
# Builds TREE's gvm (Release) into OUTDIR/bin, runs a micro chain (tiny-vocab micro preset SFT 300 steps, then
# raft_pp, gvm_raft_pp, grpo, gvm_grpo and dr_grpo for 6 RL steps each from the warm start CKPT (the refactors of issue 18 used
# the paper-cpu SFT checkpoint, tiny preset, accuracy 0.42)), and writes OUTDIR/sums.txt:
# SHA-256 of metrics.jsonl without time-like fields (time, perf/*, */seconds), allocations.jsonl, pass_rates.jsonl and
# final/model.safetensors of every run. Compare two trees with: diff A/sums.txt B/sums.txt
set -euo pipefail
tree=$(realpath "$1"); out=$(realpath -m "$2")
mkdir -p "$out"
dotnet build -c Release "$tree/src/Gvm.Cli" -o "$out/bin" -nologo -v q -p:TreatWarningsAsErrors=false >/dev/null
gvm="$out/bin/gvm"
specs="$out/specs"; runs="$out/runs"; rm -rf "$specs" "$runs"; mkdir -p "$specs" "$runs"
ckpt=${CKPT:?set CKPT to an RL warm start, e.g. SWEEP/runs/<sft run>/final of experiments/paper-cpu.yaml}
python3 - "$tree" "$specs" "$runs" "$ckpt" <<'PY'
import json, sys
tree, specs, runs, ckpt = sys.argv[1:]
sft = json.load(open(f"{tree}/experiments/specs/smoke-sft.json"))
sft["name"] = "bc-sft"; sft["model"]["preset"] = "micro"
sft["schedule"] = {"steps": 300, "stop_at_step": 300, "eval_every": 150, "checkpoint_every": 150, "max_seconds": 0}
sft["eval"] = {"per_level": 20, "max_new_tokens": 48}
json.dump(sft, open(f"{specs}/sft.json", "w"), indent=1)
for alg in ["raft_pp", "gvm_raft_pp", "grpo", "gvm_grpo", "dr_grpo"]:
    src = "gvm_grpo" if alg == "dr_grpo" else alg
    s = json.load(open(f"{tree}/experiments/specs/smoke-{src}.json"))
    s["name"] = f"bc-{alg}"; s["algorithm"] = alg
    s["model"]["checkpoint"] = ckpt; s["model"]["preset"] = None
    s["sampling"]["prompts_per_step"] = 16; s["sampling"]["max_new_tokens"] = 48
    s["optim"]["mini_batch_size"] = 32
    s["schedule"] = {"steps": 6, "steps_per_iteration": 2, "eval_every": 3, "checkpoint_every": 3, "max_seconds": 0}
    s["eval"] = {"per_level": 20, "max_new_tokens": 48}
    json.dump(s, open(f"{specs}/{alg}.json", "w"), indent=1)
PY
"$gvm" train --spec "$specs/sft.json" --out "$runs/sft" >/dev/null
for alg in raft_pp gvm_raft_pp grpo gvm_grpo dr_grpo; do "$gvm" train --spec "$specs/$alg.json" --out "$runs/$alg" >/dev/null; done
: > "$out/sums.txt"
for r in sft raft_pp gvm_raft_pp grpo gvm_grpo dr_grpo; do
  m=$(python3 -c '
import json,sys
for line in open(sys.argv[1]):
    o=json.loads(line)
    o={k:v for k,v in o.items() if not (k=="time" or k.startswith("perf/") or "seconds" in k or k.endswith("_s"))}
    print(json.dumps(o,sort_keys=True))' "$runs/$r/metrics.jsonl" | sha256sum | cut -c1-16)
  for f in allocations.jsonl pass_rates.jsonl final/model.safetensors; do
    [ -f "$runs/$r/$f" ] && echo "$r $f $(sha256sum < "$runs/$r/$f" | cut -c1-16)" >> "$out/sums.txt"
  done
  echo "$r metrics(no time) $m" >> "$out/sums.txt"
done
cat "$out/sums.txt"
