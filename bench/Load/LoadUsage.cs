namespace OrleansChat.Bench.Load;

/// <summary>The help text of <c>bench load</c>.</summary>
internal static class LoadUsage
{
    public const string Text = """
        usage: dotnet run -c Release --project bench -- load <scenario> [options]

        scenarios
          fanout        1 room x 1000 members: fixed offered rates, then saturation; raw baseline then chat server
          rooms         1000 rooms x 10 members: fixed offered rates, then saturation
          connections   10000 idle duplex streams in rooms of 10: server memory per stream, then a burst
          join          join a room with a 50-message history: p50/p99 of JoinRoom -> Joined
          baseline      fanout against the raw gRPC baseline only
          cluster       3 silos + 2 gateways (separate processes, --cluster sqlite): 100 rooms x 10 members over both gateways
          all           fanout, rooms, connections, join and cluster, one after the other

        common options
          --quick                     tiny counts and a few seconds per phase (smoke test)
          --out DIR                   where <scenario>.json/.svg go (default bench/results; a temp dir with --quick)
          --plain                     plain progress lines even on a terminal
          --server URL                use a running chat server (http://127.0.0.1:PORT) instead of starting one
          --server-pid PID            its process id, to read its memory and CPU
          --server-dll PATH           the OrleansChat.Silo.dll to start (default: build Silo in Release)
          --no-build                  do not build Silo first
          --server-args "ARGS"        extra arguments for the started chat server
          --server-env K=V[,K=V]      extra environment for the started servers (e.g. DOTNET_gcServer=0)
          --baseline-args=ARGS        extra arguments for the raw baseline server (load baseline-server)

        fanout / rooms / baseline
          --members N                 clients per room (fanout 1000, rooms 10)
          --rooms N                   rooms (rooms scenario; 1000)
          --rates R1,R2,...           offered loads in deliveries/s (fanout 50000,100000,200000; rooms 25000,50000,100000)
          --duration T                measured time per phase (8s)      --warmup T   initial warm-up (2s)
          --phase-warmup T            unmeasured lead-in of each phase (1s)
          --no-saturation             skip the closed-loop saturation phase
          --window N                  saturation: messages in flight (fanout 32, rooms 1024)
          --max-inflight N            open loop: skip sends while this many messages are incomplete (fanout 128, rooms 4096)
          --message-bytes N           text size (100)
          --clients-per-connection N  streams sharing one HTTP/2 connection (1)
          --connect-concurrency N     clients connecting at once (fanout 32, rooms 64)
          --target chat|baseline|both (fanout both, rooms chat)

        connections
          --streams N (10000)  --room-size N (10)  --burst N messages per client (1)  --settle T (3s)
          --clients-per-connection N (1)  --connect-concurrency N (64)  --target chat|baseline|both (chat)
          N streams need N+100 file descriptors in this process and in the server: ulimit -n 65536

        cluster (and the fanout / rooms options)
          --silos N (3)  --gateways N (2)  rooms 100, members 10, rates 10000,20000, window 256 by default

        join
          --joins N (2000)  --rooms N (10)  --history N (50)  --concurrency N (8)  --warmup-joins N (100)
        """;
}
