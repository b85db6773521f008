using System.Diagnostics;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using PolicyEngine.Tests.Cli;
using Xunit.Abstractions;

namespace PolicyEngine.Tests.Reporting;

/// <summary>
/// The compare report in a real browser: every shipped descriptor × every shipped pack, loaded from file:// in headless
/// Chromium; the matrix is complete, sorts by a clicked (or keyboard-activated) column header, and a cell opens to its
/// explanation. Screenshots go to the test output folder (bin/…/TestOutput).
/// </summary>
public sealed class HtmlReportBrowserTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pe-html-").FullName;

    public static string OutputFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestOutput");

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { /* a browser process may still hold its profile for a moment */ }
    }

    [Fact]
    public void TheCompareReportSortsAndOpensACellInChromium()
    {
        var clock = Stopwatch.StartNew();
        Chromium.EnsureInstalled();
        var installed = clock.Elapsed;

        // Every shipped descriptor × every shipped pack, counted from the folders, not from the report.
        var descriptors = Directory.GetFiles(TestPaths.InRepository("examples", "descriptors"))
            .Count(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal));
        var packs = Directory.GetDirectories(TestPaths.InRepository("rules")).Count(d => Directory.EnumerateFiles(d, "*.policy").Any());
        descriptors.ShouldBeGreaterThan(1);
        packs.ShouldBeGreaterThan(1);

        var report = Path.Combine(_directory, "compare.html");
        var run = CliRunner.Run("compare", "examples/descriptors", "--policy", "rules/", "--format", "html", "--output", report);
        run.ExitCode.ShouldBe(0, run.All);
        var generated = clock.Elapsed;

        using var driver = Chromium.Start(Path.Combine(_directory, "profile"));
        var started = clock.Elapsed;
        driver.Navigate().GoToUrl(new Uri(report).AbsoluteUri);
        var wait = new WebDriverWait(driver, TimeSpan.FromSeconds(20));
        wait.Until(d => Script<bool>(d, "return document.documentElement.classList.contains('js');"));
        driver.Title.ShouldBe("Models × policy packs");

        // The matrix: one cell per descriptor × pack.
        driver.FindElements(By.CssSelector("table.matrix > tbody > tr.row > td.cell")).Count.ShouldBe(descriptors * packs);
        driver.FindElements(By.CssSelector("table.matrix > tbody > tr.row")).Count.ShouldBe(descriptors);
        driver.FindElements(By.CssSelector("table.matrix > thead th[data-pack]")).Count.ShouldBe(packs);
        Directory.CreateDirectory(OutputFolder);
        var matrixShot = Screenshot(driver, "compare-matrix.png");

        // Sorting by the Model column: ascending, then descending on a second click.
        var before = RowModels(driver);
        var modelHeader = driver.FindElement(By.CssSelector("table.matrix > thead th.model-col"));
        modelHeader.FindElement(By.CssSelector("button.sort")).Click();
        var ascending = before.OrderBy(m => m.ToLowerInvariant(), StringComparer.Ordinal).ThenBy(m => before.IndexOf(m)).ToList();
        before.ShouldNotBe(ascending, "the shipped descriptors are not already in model order, so the click must change it");
        RowModels(driver).ShouldBe(ascending);
        modelHeader.GetAttribute("aria-sort").ShouldBe("ascending");
        modelHeader.FindElement(By.CssSelector("button.sort")).Click();
        RowModels(driver).ShouldBe(Enumerable.Reverse(ascending).ToList());
        modelHeader.GetAttribute("aria-sort").ShouldBe("descending");

        // A pack column, from the keyboard: worst verdicts first.
        var packHeader = driver.FindElement(By.CssSelector("table.matrix > thead th[data-pack='rules/eu-ai-act']"));
        packHeader.FindElement(By.CssSelector("button.sort")).SendKeys(Keys.Enter);
        packHeader.GetAttribute("aria-sort").ShouldBe("descending");
        modelHeader.GetAttribute("aria-sort").ShouldBe("none");
        var keys = Script<IReadOnlyCollection<object>>(driver,
            "return Array.from(document.querySelectorAll(\"table.matrix > tbody > tr.row > td.cell[data-pack='rules/eu-ai-act']\")).map(c => Number(c.dataset.sort));")
            .Select(Convert.ToInt64).ToList();
        keys.Count.ShouldBe(descriptors);
        keys.ShouldBe(keys.OrderByDescending(k => k).ToList());

        // One cell opens to its explanation, right under its row.
        var button = driver.FindElement(By.CssSelector("td.cell[data-descriptor$='llama-3.1-405b.json'][data-pack='rules/eu-ai-act'] button.open"));
        button.GetAttribute("aria-expanded").ShouldBe("false");
        button.Click();
        button.GetAttribute("aria-expanded").ShouldBe("true");
        var panel = driver.FindElement(By.Id(button.GetAttribute("aria-controls") ?? "(none)"));
        panel.Displayed.ShouldBeTrue();
        Script<bool>(driver, "return arguments[0].closest('tr.detail').previousElementSibling === arguments[1].closest('tr');", panel, button).ShouldBeTrue();
        var text = panel.Text;
        text.ShouldContain("EU-53-1a");
        text.ShouldContain("model.training.compute_flop");
        text.ShouldContain("3.8e25");
        text.ShouldContain("GPAI tier");
        Script<object>(driver, "arguments[0].closest('tr').scrollIntoView({block: 'start'}); window.scrollBy(0, -8);", button);
        var cellShot = Screenshot(driver, "compare-open-cell.png");

        // Closing it removes the panel and gives the focus back to the cell.
        panel.FindElement(By.CssSelector("button.close")).Click();
        button.GetAttribute("aria-expanded").ShouldBe("false");
        driver.FindElements(By.CssSelector("table.matrix tr.detail")).Count.ShouldBe(0);
        driver.SwitchTo().ActiveElement().GetAttribute("id").ShouldBe(button.GetAttribute("id"));

        foreach (var shot in new[] { matrixShot, cellShot })
        {
            File.Exists(shot).ShouldBeTrue();
            new FileInfo(shot).Length.ShouldBeGreaterThan(20_000, $"{shot} looks empty");
            File.ReadAllBytes(shot).Take(8).ShouldBe(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
        }
        output.WriteLine($"chromium ready {installed.TotalSeconds:F1} s, report generated {(generated - installed).TotalSeconds:F1} s, browser started {(started - generated).TotalSeconds:F1} s, total {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine($"screenshots: {matrixShot}, {cellShot}");
    }

    private static List<string> RowModels(IWebDriver driver) =>
        Script<IReadOnlyCollection<object>>(driver, "return Array.from(document.querySelectorAll('table.matrix > tbody > tr.row')).map(r => r.dataset.model);")
            .Select(o => (string)o).ToList();

    private static T Script<T>(IWebDriver driver, string script, params object[] args) => (T)((IJavaScriptExecutor)driver).ExecuteScript(script, args)!;

    private static string Screenshot(ChromeDriver driver, string name)
    {
        var path = Path.Combine(OutputFolder, name);
        driver.GetScreenshot().SaveAsFile(path);
        return path;
    }
}
