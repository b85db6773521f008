using System.Diagnostics;
using System.Text;

namespace PolicyEngine.Fuzz.Running;

/// <summary>The parent's handle on one worker process: send a case, wait for its answer within a hard timeout. A worker
/// that dies (stack overflow, fail-fast, out of memory) or does not answer is a crash; it is replaced by a new one.</summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly string _target;
    private readonly string _repo;
    private Process? _process;
    private readonly StringBuilder _stderr = new();
    private int _served;

    public WorkerProcess(string target, string repo)
    {
        _target = target;
        _repo = repo;
    }

    /// <summary>Cases served before the process is replaced anyway, so memory cannot creep over a long run.</summary>
    public int Recycle { get; init; } = 20_000;

    public static string ToolPath => typeof(WorkerProcess).Assembly.Location;

    private void Start()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardInputEncoding = new UTF8Encoding(false),
        };
        start.ArgumentList.Add(ToolPath);
        start.ArgumentList.Add("--worker");
        start.ArgumentList.Add("--target");
        start.ArgumentList.Add(_target);
        start.ArgumentList.Add("--repo");
        start.ArgumentList.Add(_repo);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_TieredPGO"] = "0";
        lock (_stderr) _stderr.Clear();
        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start a worker");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_stderr)
            {
                if (_stderr.Length > 64_000) _stderr.Remove(0, 32_000);
                _stderr.Append(e.Data).Append('\n');
            }
        };
        process.BeginErrorReadLine();
        var ready = process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(TimeSpan.FromSeconds(120)) || ready.Result != "ready")
        {
            Kill(process);
            throw new InvalidOperationException($"the worker did not start: {Stderr()}");
        }
        _process = process;
        _served = 0;
    }

    private string Stderr()
    {
        lock (_stderr) return _stderr.ToString();
    }

    public CaseResult Run(FuzzCase input, TimeSpan timeout)
    {
        if (_process is null || _served >= Recycle) Restart();
        var process = _process!;
        _served++;
        try
        {
            process.StandardInput.WriteLine(input.ToLine());
            process.StandardInput.Flush();
        }
        catch (IOException)
        {
            // The worker died before it could read the case (after the previous one): treat as a death on this case.
        }
        var answer = process.StandardOutput.ReadLineAsync();
        if (!answer.Wait(timeout))
        {
            Kill(process);
            _process = null;
            return CaseResult.Fail(CrashKinds.Hang, $"no answer within {timeout.TotalSeconds:0} s; the worker was killed", timeout.TotalMilliseconds);
        }
        if (answer.Result is { } line) return CaseResult.FromLine(line);

        process.WaitForExit(10_000);
        var code = process.HasExited ? process.ExitCode : -1;
        Thread.Sleep(50);
        var stderr = Stderr();
        _process = null;
        process.Dispose();
        var summary = stderr.Contains("Stack overflow", StringComparison.Ordinal) ? "stack overflow"
            : stderr.Contains("OutOfMemory", StringComparison.Ordinal) ? "out of memory"
            : $"exit code {code}";
        return CaseResult.Fail(CrashKinds.Died, $"the worker died ({summary})\n{Tail(stderr)}");
    }

    private static string Tail(string text)
    {
        var lines = text.Split('\n');
        // A stack overflow prints thousands of identical frames: keep the head and the last lines.
        return string.Join('\n', lines.Take(12).Concat(lines.Length > 24 ? ["…"] : []).Concat(lines.Skip(Math.Max(12, lines.Length - 12))));
    }

    private void Restart()
    {
        if (_process is not null) Stop(_process);
        Start();
    }

    private static void Stop(Process process)
    {
        try
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(5_000)) Kill(process);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            Kill(process);
        }
        process.Dispose();
    }

    private static void Kill(Process process)
    {
        try { process.Kill(entireProcessTree: true); process.WaitForExit(5_000); }
        catch (InvalidOperationException) { }
    }

    public void Dispose()
    {
        if (_process is not null) Stop(_process);
        _process = null;
    }
}
