using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansChat.Protocol.Compat;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Chat.Tests.EndToEnd;

/// <summary>
/// One Python gRPC client process (<c>Tests/Peers/python/chat_peer.py</c>, Debian's python3-grpcio) driven
/// over stdin with JSON commands; everything it sends and receives comes back as <see cref="PeerLine"/>s.
/// Waits are on specific lines, bounded by <see cref="DefaultWait"/>; a failed wait reports the peer's
/// lines, its stderr and the server's output.
/// </summary>
internal sealed class PythonPeer : IAsyncDisposable
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly ChatServerProcess _server;
    private readonly List<PeerLine> _lines = [];
    private readonly BoundedLog _stderr = new(100);
    private readonly Lock _gate = new();
    private readonly Lock _stdinGate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _stdoutEnded;
    private ulong _nextRequestId;
    private int _nextCommandId;
    private bool _stdinClosed;

    private PythonPeer(ChatServerProcess server, string user)
    {
        _server = server;
        User = user;
        if (!File.Exists(EndToEndPaths.Python))
        {
            throw new EndToEndException($"{EndToEndPaths.Python} is missing; the end-to-end tests need Debian's Python with gRPC: {EndToEndPaths.PythonInstallHint}");
        }

        var start = new ProcessStartInfo(EndToEndPaths.Python)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in new[]
                 {
                     "-B", EndToEndPaths.PeerScript, "--port", server.Port.ToString(CultureInfo.InvariantCulture), "--user", user,
                     "--protos", EndToEndPaths.ProtosDirectory, "--max-seconds", "120",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PYTHONIOENCODING"] = "utf-8";
        start.Environment["PYTHONUNBUFFERED"] = "1";
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        start.Environment.Remove("PYTHONPATH");
        start.Environment.Remove("PYTHONHOME");

        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnStdout(e.Data);
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _stderr.Add(e.Data);
            }
        };
    }

    public string User { get; }

    public int LineCount
    {
        get
        {
            lock (_gate)
            {
                return _lines.Count;
            }
        }
    }

    /// <summary>Starts the peer and waits until it has generated its stubs and made its channel.</summary>
    public static async Task<PythonPeer> StartAsync(ChatServerProcess server, string user)
    {
        var peer = new PythonPeer(server, user);
        peer._process.Start();
        peer._process.BeginOutputReadLine();
        peer._process.BeginErrorReadLine();
        try
        {
            await peer.WaitForAsync(l => l.Type == "ready", "the Python peer to start (stubs generated, channel made)");
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }

        return peer;
    }

    public IReadOnlyList<PeerLine> Lines()
    {
        lock (_gate)
        {
            return [.. _lines];
        }
    }

    /// <summary>The chat events this peer received on a stream, in arrival order.</summary>
    public IReadOnlyList<ChatEvent> Events(string stream = "connect")
        => [.. Lines().Where(l => l.Stream == stream && l.Event is not null).Select(l => l.Event!)];

    public IReadOnlyList<ServerFrame> Frames(string stream = "connect")
        => [.. Lines().Where(l => l.Stream == stream && l.Frame is not null).Select(l => l.Frame!)];

    public IReadOnlyList<ChatMessage> CompatMessages()
        => [.. Lines().Where(l => l.Compat is not null).Select(l => l.Compat!)];

    // ------------------------------------------------------------------ raw commands

    /// <summary>Writes one command; returns it (with any request_id/id the caller or this method added).</summary>
    public JsonObject Post(string op, object? arguments = null)
    {
        var command = arguments is null ? [] : JsonSerializer.SerializeToNode(arguments, JsonOptions.IgnoreNulls)!.AsObject();
        command["op"] = op;
        var line = command.ToJsonString();
        lock (_stdinGate)
        {
            if (_stdinClosed)
            {
                throw new InvalidOperationException($"The peer {User}'s stdin is closed.");
            }

            _process.StandardInput.WriteLine(line);
            _process.StandardInput.Flush();
        }

        return command;
    }

    /// <summary>Sends a Connect frame with a fresh request_id and returns that id (does not wait).</summary>
    public ulong PostFrame(string op, object? arguments = null)
    {
        var requestId = Interlocked.Increment(ref _nextRequestId);
        var command = arguments is null ? [] : JsonSerializer.SerializeToNode(arguments, JsonOptions.IgnoreNulls)!.AsObject();
        command["request_id"] = requestId;
        Post(op, command);
        return requestId;
    }

    /// <summary>Sends a Connect frame and waits for the frame that answers it (any kind, matched by request_id).</summary>
    public async Task<ServerFrame> RequestAsync(string op, object? arguments = null)
    {
        var mark = LineCount;
        var requestId = PostFrame(op, arguments);
        var answer = await WaitForAsync(
            l => (l.Stream == "connect" && l.Frame?.RequestId == requestId) || (l.Type == "stream_end" && l.Stream == "connect"),
            $"{User}: the answer to '{op}' (request_id {requestId})",
            from: mark);
        if (answer.Frame is null)
        {
            throw Failure($"{User}: the Connect stream ended with {answer.Code} ({answer.Details}) instead of answering '{op}' (request_id {requestId})");
        }

        return answer.Frame;
    }

    /// <summary>Sends a Connect frame and returns the frame's answer when it is of the expected kind.</summary>
    public async Task<ServerFrame> RequestExpectingAsync(ServerFrame.KindOneofCase expected, string op, object? arguments = null)
    {
        var frame = await RequestAsync(op, arguments);
        if (frame.KindCase != expected)
        {
            throw Failure($"{User}: '{op}' {Brief(arguments)} was answered with {frame.KindCase} {frame} instead of {expected}");
        }

        return frame;
    }

    // ------------------------------------------------------------------ Connect helpers

    public async Task<Welcome> HelloAsync(string? userId = null, string? displayName = null, string? avatar = null)
        => (await RequestExpectingAsync(ServerFrame.KindOneofCase.Welcome, "hello", new { user_id = userId ?? User, display_name = displayName, avatar })).Welcome;

    public async Task<Joined> JoinAsync(string roomId, long? resumeAfterSeq = null, uint historyLimit = 0)
        => (await RequestExpectingAsync(ServerFrame.KindOneofCase.Joined, "join", new { room_id = roomId, resume_after_seq = resumeAfterSeq, history_limit = historyLimit })).Joined;

    public async Task<Left> LeaveAsync(string roomId)
        => (await RequestExpectingAsync(ServerFrame.KindOneofCase.Left, "leave", new { room_id = roomId })).Left;

    public async Task<Ack> SendAsync(string roomId, string text, string? clientMessageId = null)
        => (await RequestExpectingAsync(ServerFrame.KindOneofCase.Ack, "send", new { room_id = roomId, text, client_message_id = clientMessageId ?? NewMessageId() })).Ack;

    /// <summary>Sends a message without waiting; returns its request_id.</summary>
    public ulong PostSend(string roomId, string text, string? clientMessageId = null)
        => PostFrame("send", new { room_id = roomId, text, client_message_id = clientMessageId ?? NewMessageId() });

    public async Task<Pong> PingAsync(long nonce)
        => (await RequestExpectingAsync(ServerFrame.KindOneofCase.Pong, "ping", new { nonce })).Pong;

    /// <summary>Sends a frame that must be refused; returns the Error that answers it.</summary>
    public async Task<Error> ExpectErrorAsync(string op, object arguments)
        => (await RequestExpectingAsync(ServerFrame.KindOneofCase.Error, op, arguments)).Error;

    /// <summary>Waits for the answer to a frame already sent.</summary>
    public Task<PeerLine> WaitForAnswerAsync(ulong requestId, string what)
        => WaitForAsync(l => l.Stream == "connect" && l.Frame?.RequestId == requestId, $"{User}: {what} (request_id {requestId})", stream: "connect");

    public async Task<ChatEvent> WaitForEventAsync(Func<ChatEvent, bool> match, string what, string stream = "connect")
        => (await WaitForAsync(l => l.Stream == stream && l.Event is { } e && match(e), $"{User}: {what}", stream: stream)).Event!;

    public Task<ChatEvent> WaitForTextAsync(string roomId, string text, string stream = "connect")
        => WaitForEventAsync(e => e.Kind == EventKind.Text && e.RoomId == roomId && e.Text == text, $"the message '{text}' in {roomId}", stream);

    /// <summary>Cancels the Connect call: the client goes away without leaving (the next frame opens a new call).</summary>
    public void CancelConnect() => Post("cancel");

    // ------------------------------------------------------------------ unary helpers (identity from x-user-id)

    public async Task<PeerLine> UnaryAsync(string op, object? arguments = null)
    {
        var id = Interlocked.Increment(ref _nextCommandId);
        var command = arguments is null ? [] : JsonSerializer.SerializeToNode(arguments, JsonOptions.IgnoreNulls)!.AsObject();
        command["id"] = id;
        var mark = LineCount;
        Post(op, command);
        return await WaitForAsync(l => l.Type == "unary" && l.Id == id, $"{User}: the result of '{op}'", from: mark);
    }

    public async Task<T> UnaryOkAsync<T>(string op, object? arguments = null)
        where T : Google.Protobuf.IMessage<T>, new()
    {
        var line = await UnaryAsync(op, arguments);
        if (line.Code != "OK")
        {
            throw Failure($"{User}: '{op}' {Brief(arguments)} failed with {line.Code} ({line.Details})");
        }

        return line.Response<T>();
    }

    public Task<GetHistoryResponse> GetHistoryAsync(string roomId, uint limit = 0, long beforeSeq = 0)
        => UnaryOkAsync<GetHistoryResponse>("history", new { room_id = roomId, limit, before_seq = beforeSeq });

    public Task<ListRoomsResponse> ListRoomsAsync() => UnaryOkAsync<ListRoomsResponse>("list_rooms");

    public Task<ListMembersResponse> ListMembersAsync(string roomId) => UnaryOkAsync<ListMembersResponse>("list_members", new { room_id = roomId });

    public Task<BatchResult> SendBatchAsync(string roomId, int count, string prefix)
        => UnaryOkAsync<BatchResult>("batch", new { room_id = roomId, count, prefix });

    // ------------------------------------------------------------------ compat (package chat) helpers

    public void CompatJoin(string roomId, string username) => Post("compat_join", new { user_id = User, username, room_id = roomId });

    public void CompatSend(string message) => Post("compat_send", new { message });

    public void CompatLeave() => Post("compat_leave");

    public void CompatClose() => Post("compat_close");

    public async Task<ChatMessage> WaitForCompatAsync(Func<ChatMessage, bool> match, string what)
        => (await WaitForAsync(l => l.Compat is { } m && match(m), $"{User} (compat): {what}", stream: "compat")).Compat!;

    // ------------------------------------------------------------------ waiting

    /// <summary>Waits for the first line at or after <paramref name="from"/> that matches. Fails at once when the
    /// peer reports a fatal error or exits, and after <paramref name="timeout"/> (default 20 s).</summary>
    /// <param name="stream">When set, fails as soon as the latest call on that stream ends (nothing more can arrive on it).</param>
    public async Task<PeerLine> WaitForAsync(Func<PeerLine, bool> match, string what, int from = 0, TimeSpan? timeout = null, string? stream = null)
    {
        var limit = timeout ?? DefaultWait;
        var clock = Stopwatch.StartNew();
        var index = from;
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                for (; index < _lines.Count; index++)
                {
                    var line = _lines[index];
                    if (line.IsFatal)
                    {
                        throw Failure($"waiting for {what}: the peer {User} failed: {line.Raw}");
                    }

                    if (match(line))
                    {
                        return line;
                    }

                    if (stream is not null && line.Type == "stream_end" && line.Stream == stream && line.Call >= LatestCall(stream))
                    {
                        throw Failure($"waiting for {what}: the {stream} call ended with {line.Code} ({line.Details})");
                    }
                }

                if (_stdoutEnded)
                {
                    throw Failure($"waiting for {what}: the peer {User} exited");
                }

                changed = _changed.Task;
            }

            var remaining = limit - clock.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                throw Failure($"timed out after {limit.TotalSeconds} s waiting for {what}");
            }

            try
            {
                await changed.WaitAsync(remaining);
            }
            catch (TimeoutException)
            {
                throw Failure($"timed out after {limit.TotalSeconds} s waiting for {what}");
            }
        }
    }

    /// <summary>Waits for <paramref name="count"/> matching lines and returns them in order.</summary>
    public async Task<IReadOnlyList<PeerLine>> WaitForCountAsync(Func<PeerLine, bool> match, int count, string what)
    {
        var found = new List<PeerLine>(count);
        var from = 0;
        while (found.Count < count)
        {
            var line = await WaitForAsync(match, $"{what} ({found.Count + 1} of {count})", from);
            found.Add(line);
            from = line.Index + 1;
        }

        return found;
    }

    /// <summary>Waits until the peer has exited (after its stdin was closed or a stream ended).</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(DefaultWait);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw Failure($"the peer {User} did not exit within {DefaultWait.TotalSeconds} s");
        }

        return _process.ExitCode;
    }

    /// <summary>Ends the peer normally: closes stdin, so it half-closes its streams and exits.</summary>
    public void CloseInput()
    {
        lock (_stdinGate)
        {
            if (!_stdinClosed)
            {
                _stdinClosed = true;
                try
                {
                    _process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // The peer is already gone (killed or crashed); nothing left to close.
                }
            }
        }
    }

    /// <summary>Kills the peer process: its TCP connections drop without any goodbye (a cut connection).</summary>
    public async Task KillAsync()
    {
        lock (_stdinGate)
        {
            _stdinClosed = true;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public EndToEndException Failure(string message)
    {
        var lines = Lines();
        var builder = new StringBuilder();
        builder.AppendLine(message);
        builder.Append("--- peer ").Append(User).Append(" (pid ").Append(SafePid()).Append(") printed ").Append(lines.Count).AppendLine(" lines, the last 60:");
        foreach (var line in lines.Skip(Math.Max(0, lines.Count - 60)))
        {
            builder.Append("  ").AppendLine(line.Raw.Length > 600 ? line.Raw[..600] + "…" : line.Raw);
        }

        builder.Append("--- peer ").Append(User).AppendLine(" stderr:").Append(_stderr.Tail(30));
        builder.Append(_server.Describe(60));
        return new EndToEndException(builder.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        CloseInput();
        using var timeout = new CancellationTokenSource(ExitWait);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static string NewMessageId() => Guid.NewGuid().ToString();

    /// <summary>A command's arguments for a failure message, long values cut short.</summary>
    private static string Brief(object? arguments)
    {
        var json = JsonSerializer.Serialize(arguments, JsonOptions.Readable);
        return json.Length <= 300 ? json : json[..300] + $"… ({json.Length} chars)";
    }

    /// <summary>The number of the newest call the peer opened on a stream (a new Connect call follows a cancel).</summary>
    private int LatestCall(string stream)
    {
        var latest = 1;
        foreach (var line in _lines)
        {
            if (line.Type == "sent" && line.Stream == stream && line.Call > latest)
            {
                latest = line.Call;
            }
        }

        return latest;
    }

    private void OnStdout(string? data)
    {
        lock (_gate)
        {
            if (data is null)
            {
                _stdoutEnded = true;
            }
            else
            {
                _lines.Add(PeerLine.Parse(_lines.Count, data));
            }

            var changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            changed.TrySetResult();
        }
    }

    private string SafePid()
    {
        try
        {
            return _process.Id.ToString(CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    private static class JsonOptions
    {
        public static readonly JsonSerializerOptions IgnoreNulls = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

        public static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    }
}
