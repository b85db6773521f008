using PolicyEngine.Reporting;

namespace PolicyEngine.Cli.Io;

/// <summary>Text output with colour only when writing to a terminal and NO_COLOR is not set.</summary>
public sealed class ConsoleSink : ITextSink
{
    private readonly TextWriter _writer;
    private readonly bool _colour;

    public ConsoleSink(TextWriter writer, bool colour)
    {
        _writer = writer;
        _colour = colour;
    }

    public static bool ColourWanted(TextWriter writer, bool noColourOption) =>
        !noColourOption &&
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")) &&
        Environment.GetEnvironmentVariable("TERM") != "dumb" &&
        ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;

    public void Write(string text, TextStyle style = TextStyle.Plain)
    {
        var code = _colour ? style switch
        {
            TextStyle.Pass => "\u001b[32m",
            TextStyle.Fail => "\u001b[31m",
            TextStyle.Unknown => "\u001b[33m",
            TextStyle.Warning => "\u001b[35m",
            TextStyle.Dim => "\u001b[2m",
            TextStyle.Heading => "\u001b[1m",
            _ => null,
        } : null;
        if (code is null)
        {
            _writer.Write(text);
            return;
        }
        _writer.Write(code);
        _writer.Write(text);
        _writer.Write("\u001b[0m");
    }

    public void WriteLine() => _writer.Write('\n');
}
