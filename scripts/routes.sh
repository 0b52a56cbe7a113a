# The routes the reports measure (sourced by scripts/size.sh and scripts/lighthouse.sh): the start page, the
# self-check's entry, a question, check-your-answers, results through a share link (answers in the fragment:
# a self-check journey's persona), the desk list, a desk, the contact form, the partners' page.
SHARE='#r=v1&age=28&gender=F&region=15&status=disoccupato&unemp_months=ge12&gol=no&naspi=no&purpose=nuova_attivita&stage=idea&form=ditta_individuale&employees=e0&amount=30000&sector=servizi&same_ateco=no'
ROUTES=(/ /autovalutazione /autovalutazione/status /autovalutazione/riepilogo "/risultati$SHARE" /sportelli
        /sportelli/enm-roma-goito /contatto /integra)

# start_server BINARY DIST: runs `BINARY serve` on a free loopback port with a throw-away database; sets $base
# and $server_pid (stopped by the caller's trap).
start_server() {
  server_tmp=$(mktemp -d)
  "$1" serve --bind 127.0.0.1:0 --database-url "sqlite://$server_tmp/db" --dist "$2" > "$server_tmp/out" 2>/dev/null &
  server_pid=$!
  for _ in $(seq 100); do grep -q '^listening on ' "$server_tmp/out" 2>/dev/null && break; sleep 0.1; done
  base=$(sed -n 's/^listening on //p' "$server_tmp/out")
  [ -n "$base" ] || { echo "the server did not start" >&2; exit 1; }
}
