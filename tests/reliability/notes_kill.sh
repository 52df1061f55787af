#!/bin/bash
# one trial: type steadily into the notes, SIGKILL, compare
# Usage: tests/reliability/notes_kill.sh N  (needs tmux and the installed meeting-tui; issue 16)
set -u
S=notes-kill-$1
rm -rf /tmp/notes-kill-$1
tmux new -d -s $S -x 120 -y 40 "meeting-tui --data-dir /tmp/notes-kill-$1 demo"
sleep 6
tmux send-keys -t $S O; sleep 1; tmux send-keys -t $S n; sleep 1; tmux send-keys -t $S e; sleep 1.5  # call to order, first item, its notes
TEXT="steady typing without a pause ${1}x"
typed=""
for ((i=0; i<${#TEXT}; i++)); do
  ch="${TEXT:$i:1}"
  tmux send-keys -t $S -l "$ch"; typed+="$ch"; sleep 0.15
done
PID=$(tmux list-panes -t $S -F '#{pane_pid}')
APP=$(pgrep -P $PID -f meeting-tui | head -1); [ -z "$APP" ] && APP=$PID
kill -9 $APP
t_kill=$(date +%s.%N)
sleep 0.5
tmux kill-session -t $S 2>/dev/null
F=$(ls /tmp/notes-kill-$1/demo-executive/*.json)
python - "$F" "$typed" <<'PY'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()[1:]
notes = [json.loads(l)["doc"]["data"]["text"] for l in lines if '"note.set"' in l]
saved = notes[-1] if notes else ""
typed = sys.argv[2]
lost = len(typed) - len(saved) if typed.startswith(saved) else None
print(f"typed {len(typed)} chars over {len(typed)*0.15:.1f} s; saved {len(saved)}; lost {lost} chars (~{(lost or 0)*0.15:.2f} s); note.set events {len(notes)}")
PY
