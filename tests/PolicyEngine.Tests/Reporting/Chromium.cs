using System.Diagnostics;
using OpenQA.Selenium.Chrome;

namespace PolicyEngine.Tests.Reporting;

/// <summary>
/// Debian's Chromium and ChromeDriver for browser tests: installed with apt-get when missing (the tests run as root on
/// a machine that reaches Debian's packages), then driven headless through Selenium with the system chromedriver.
/// </summary>
public static class Chromium
{
    public const string Browser = "/usr/bin/chromium";
    public const string Driver = "/usr/bin/chromedriver";

    private static readonly Lazy<string?> Installation = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Installs chromium and chromium-driver unless both are present; throws with the reason when that fails.</summary>
    public static void EnsureInstalled()
    {
        if (Installation.Value is { } problem)
            throw new InvalidOperationException($"The browser test needs Debian's chromium and chromium-driver ({Browser}, {Driver}) and could not install them: {problem}");
    }

    private static string? Install()
    {
        if (File.Exists(Browser) && File.Exists(Driver)) return null;
        foreach (var args in new[] { new[] { "update" }, new[] { "install", "-y", "chromium", "chromium-driver" } })
        {
            var (code, output) = Run("apt-get", args, TimeSpan.FromMinutes(15));
            if (code != 0) return $"apt-get {string.Join(' ', args)} exited with {code}:\n{Tail(output)}";
        }
        return File.Exists(Browser) && File.Exists(Driver) ? null : $"apt-get succeeded but {Browser} or {Driver} is still missing";
    }

    private static (int Code, string Output) Run(string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return (-1, $"timed out after {timeout.TotalMinutes} minutes\n{stdout.Result}{stderr.Result}");
            }
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return (-1, $"cannot run {file}: {e.Message}");
        }
    }

    private static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(15));

    /// <summary>A headless Chromium with no network chatter, its own throwaway profile, and a fixed window size.</summary>
    public static ChromeDriver Start(string profileDirectory, int width = 1500, int height = 1100)
    {
        EnsureInstalled();
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Driver)!, Path.GetFileName(Driver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = Browser };
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            "--hide-scrollbars", $"--window-size={width},{height}", $"--user-data-dir={profileDirectory}");
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }
}
