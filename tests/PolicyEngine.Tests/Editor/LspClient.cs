using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PolicyEngine.Tests.Cli;

namespace PolicyEngine.Tests.Editor;

/// <summary>
/// A Language Server Protocol client for tests, written from the specification rather than with the server's
/// library: <c>Content-Length</c> framed JSON-RPC over a pair of streams — the stdin and stdout of a real
/// <c>policyengine lsp</c> process, or pipes to a server in this process.
/// </summary>
public sealed class LspClient : IAsyncDisposable
{
    private readonly Stream _toServer;
    private readonly Stream _fromServer;
    private readonly Process? _process;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JObject>> _pending = new();
    private readonly Channel<Received> _notifications = Channel.CreateUnbounded<Received>();
    private readonly List<Received> _seen = new();
    private readonly SemaphoreSlim _writeLock = new(1);
    private readonly StringBuilder _stderr = new();
    private readonly Task _reader;
    private int _nextId;

    public sealed record Received(JObject Message, long Timestamp)
    {
        public string? Method => (string?)Message["method"];
        public JObject Params => (JObject)Message["params"]!;
    }

    private LspClient(Stream toServer, Stream fromServer, Process? process)
    {
        _toServer = toServer;
        _fromServer = fromServer;
        _process = process;
        _reader = Task.Run(ReadLoopAsync);
    }

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Starts the built tool as <c>policyengine lsp</c>.</summary>
    public static LspClient StartProcess()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = TestPaths.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ProcessRunner.ToolPath);
        start.ArgumentList.Add("lsp");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = Process.Start(start)!;
        var client = new LspClient(process.StandardInput.BaseStream, process.StandardOutput.BaseStream, process);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (client._stderr) client._stderr.AppendLine(e.Data);
        };
        process.BeginErrorReadLine();
        return client;
    }

    public static LspClient Connect(Stream toServer, Stream fromServer) => new(toServer, fromServer, null);

    public Process? Process => _process;

    public string Stderr
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    public async Task<JToken?> InitializeAsync(string? rootPath = null)
    {
        var result = await RequestAsync("initialize", new
        {
            processId = Environment.ProcessId,
            rootUri = rootPath is null ? null : new Uri(rootPath).AbsoluteUri,
            capabilities = new { textDocument = new { completion = new { completionItem = new { snippetSupport = false } } } },
        });
        await NotifyAsync("initialized", new { });
        return result;
    }

    public async Task<JToken?> RequestAsync(string method, object? parameters, TimeSpan? timeout = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var pending = new TaskCompletionSource<JObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = pending;
        await SendAsync(new JObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters is null ? JValue.CreateNull() : JToken.FromObject(parameters) });
        var response = await pending.Task.WaitAsync(timeout ?? Timeout);
        if (response["error"] is JObject error) throw new InvalidOperationException($"{method} failed: {error}\n{Stderr}");
        response.ContainsKey("result").ShouldBeTrue($"a response to {method} has a result member (null when there is nothing)");
        return response["result"]!.Type == JTokenType.Null ? null : response["result"];
    }

    public Task NotifyAsync(string method, object? parameters) =>
        SendAsync(new JObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters is null ? JValue.CreateNull() : JToken.FromObject(parameters) });

    /// <summary>The next notification (already received or still to come) with the method that passes the filter.</summary>
    public async Task<Received> WaitForAsync(string method, Func<JObject, bool>? filter = null, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Timeout);
        try
        {
            while (true)
            {
                lock (_seen)
                {
                    var index = _seen.FindIndex(r => r.Method == method && (filter?.Invoke(r.Params) ?? true));
                    if (index >= 0)
                    {
                        var found = _seen[index];
                        _seen.RemoveAt(index);
                        return found;
                    }
                }
                // The channel only signals that something new came.
                if (!await _notifications.Reader.WaitToReadAsync(cts.Token)) throw new IOException("The server closed the connection.\n" + Stderr);
                while (_notifications.Reader.TryRead(out _))
                {
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No {method} notification came in time.\nStderr: {Stderr}");
        }
    }

    /// <summary>The notifications received and not yet waited for.</summary>
    public IReadOnlyList<Received> Unclaimed(string method)
    {
        lock (_seen) return _seen.Where(r => r.Method == method).ToList();
    }

    /// <summary>Diagnostics published for a document at a version.</summary>
    public async Task<(JArray Diagnostics, long Timestamp)> DiagnosticsAsync(string uri, int version, TimeSpan? timeout = null)
    {
        var received = await WaitForAsync("textDocument/publishDiagnostics", p => (string?)p["uri"] == uri && (int?)p["version"] == version, timeout);
        return ((JArray)received.Params["diagnostics"]!, received.Timestamp);
    }

    private async Task SendAsync(JObject message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToString(Newtonsoft.Json.Formatting.None));
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        await _writeLock.WaitAsync();
        try
        {
            await _toServer.WriteAsync(header);
            await _toServer.WriteAsync(body);
            await _toServer.FlushAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var length = await ReadHeadersAsync();
                if (length is null) break;
                var body = new byte[length.Value];
                await _fromServer.ReadExactlyAsync(body);
                var message = JObject.Parse(Encoding.UTF8.GetString(body));
                var timestamp = Stopwatch.GetTimestamp();
                if (message["id"] is { Type: JTokenType.Integer } id && message["method"] is null)
                {
                    if (_pending.TryRemove((int)id, out var pending)) pending.TrySetResult(message);
                }
                else if (message["id"] is not null && message["method"] is not null)
                {
                    // A request from the server (none expected): answer it so it is not left waiting.
                    await SendAsync(new JObject { ["jsonrpc"] = "2.0", ["id"] = message["id"], ["result"] = JValue.CreateNull() });
                }
                else
                {
                    var received = new Received(message, timestamp);
                    lock (_seen) _seen.Add(received);
                    await _notifications.Writer.WriteAsync(received);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or EndOfStreamException)
        {
        }
        finally
        {
            _notifications.Writer.TryComplete();
            foreach (var pending in _pending.Values) pending.TrySetException(new IOException("The server closed the connection.\n" + Stderr));
        }
    }

    /// <summary>Reads header lines up to the blank line; returns Content-Length, or null at the end of the stream.</summary>
    private async Task<int?> ReadHeadersAsync()
    {
        int? length = null;
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            var read = await _fromServer.ReadAsync(one);
            if (read == 0) return null;
            var c = (char)one[0];
            if (c == '\r') continue;
            if (c != '\n')
            {
                line.Append(c);
                continue;
            }
            if (line.Length == 0)
            {
                if (length is null) throw new InvalidDataException("A message came without a Content-Length header.");
                return length;
            }
            var text = line.ToString();
            line.Clear();
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && text[..colon].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                length = int.Parse(text[(colon + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Ends the session as LSP asks (shutdown, then exit); returns the server's exit code for a process.</summary>
    public async Task<int?> ShutdownAsync()
    {
        await RequestAsync("shutdown", null, TimeSpan.FromSeconds(10));
        await NotifyAsync("exit", null);
        if (_process is null) return null;
        await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                try
                {
                    await NotifyAsync("exit", null);
                    await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
                }
                catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
                {
                }
                if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            }
            _process.Dispose();
        }
        else
        {
            await _toServer.DisposeAsync();
        }
        await Task.WhenAny(_reader, Task.Delay(TimeSpan.FromSeconds(5)));
    }
}
