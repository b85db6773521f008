using System.Text;
using PolicyEngine.Cli.Io;

namespace PolicyEngine.Tests.Cli;

/// <summary>How a .jsonl batch is cut into lines: as bytes, streamed, each line held to the size limit.</summary>
public class BatchLinesTests
{
    private static List<string> Cut(string text, long maxLine = 1_000, int? bomAt = null)
    {
        var bytes = Encoding.UTF8.GetBytes(text).ToList();
        if (bomAt is { } at) bytes.InsertRange(at, [0xEF, 0xBB, 0xBF]);
        return DescriptorInputs.ByteLines(new MemoryStream(bytes.ToArray()), maxLine)
            .Select(l => l.Line is null ? $"<too long: {l.Length}>" : Encoding.UTF8.GetString(l.Line))
            .ToList();
    }

    [Fact]
    public void Lines_lose_their_breaks_and_a_last_line_needs_none() =>
        Cut("{\"a\":1}\r\n{\"b\":2}\n\n{\"c\":3}").ShouldBe(["{\"a\":1}", "{\"b\":2}", "", "{\"c\":3}"]);

    [Fact]
    public void A_byte_order_mark_is_dropped_at_the_start_only()
    {
        Cut("{}\n{}\n", bomAt: 0).ShouldBe(["{}", "{}"]);
        Cut("{}\n{}\n", bomAt: 3).ShouldBe(["{}", "\uFEFF{}"]);
    }

    [Fact]
    public void A_line_over_the_limit_is_skipped_with_its_length_and_the_next_line_still_comes()
    {
        var longLine = new string('x', 250_000);
        Cut($"{{}}\n{longLine}\n{{\"next\":1}}\n", maxLine: 100_000).ShouldBe(["{}", "<too long: 250000>", "{\"next\":1}"]);
        Cut($"{{}}\n{longLine}", maxLine: 100_000).ShouldBe(["{}", "<too long: 250000>"]);
    }

    [Fact]
    public void Lines_longer_than_the_read_buffer_arrive_whole()
    {
        var line = new string('y', 200_000);
        Cut($"{line}\n{line}\n", maxLine: 1_000_000).ShouldBe([line, line]);
    }

    [Fact]
    public async Task A_glob_of_many_stars_matches_in_linear_time()
    {
        // The fuzzer's '**/***/***/…/*.js' hung the backtracking regular expression engine on a deep folder.
        var root = Directory.CreateTempSubdirectory("pe-glob-").FullName;
        try
        {
            var deep = Path.Combine([root, .. Enumerable.Range(0, 12).Select(i => $"d{i}")]);
            Directory.CreateDirectory(deep);
            File.WriteAllText(Path.Combine(deep, "model.json"), "{}");
            var pattern = root.Replace('\\', '/') + "/**" + string.Concat(Enumerable.Repeat("/***", 40)) + "/*.js";
            // On a worker, so a regression fails the test instead of hanging the run.
            var matching = Task.Run(() => DescriptorInputs.Glob(pattern).ToList());
            var finished = await Task.WhenAny(matching, Task.Delay(TimeSpan.FromSeconds(5)));
            finished.ShouldBe(matching, "the glob did not finish within 5 s");
            (await matching).ShouldBeEmpty();
            DescriptorInputs.Glob(root.Replace('\\', '/') + "/**/*.json").ShouldBe([Path.Combine(deep, "model.json").Replace('\\', '/')]);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
