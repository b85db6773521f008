using System.CommandLine;
using PolicyEngine.Compilation;
using PolicyEngine.Descriptors;
using PolicyEngine.Diagnostics;
using PolicyEngine.Evaluation;
using PolicyEngine.Runtime;

namespace PolicyEngine.Cli.Commands;

public static class WhatIfCommand
{
    public static Command Create(CommandContext io)
    {
        var descriptor = new Argument<string>("descriptor") { Description = "The descriptor to start from (JSON or YAML)." };
        var policy = new Option<string[]>("--policy", "-p") { Description = "A .policy file or pack folder (repeatable).", Required = true };
        var set = new Option<string[]>("--set", "-s") { Description = "A changed fact, path=value (repeatable): true/false, numbers, dates, strings, [a, b] lists, or unknown to remove it.", Required = true };
        var explain = new Option<bool>("--explain", "-x") { Description = "Explain the findings that moved." };
        var compilation = new CompilationArguments();
        var command = new Command("whatif", "Re-evaluate a descriptor with facts changed and show what moved. Exit 0 when the changed release passes, 1 when it is blocked, 2 on bad input.");
        command.Arguments.Add(descriptor);
        command.Options.Add(policy);
        command.Options.Add(set);
        command.Options.Add(explain);
        compilation.AddTo(command);
        command.SetAction(parse =>
        {
            if (compilation.Read(parse, io, out var exitCode) is not { } compilationOptions) return exitCode;
            var diagnostics = new List<Diagnostic>();
            var packs = Loading.Packs(parse.GetValue(policy)!, diagnostics, options: compilationOptions);
            var loaded = Loading.Descriptors([parse.GetValue(descriptor)!], io, diagnostics, compilationOptions.Limits);
            if (Loading.HasErrors(diagnostics) || packs.Count == 0 || loaded.Count != 1)
            {
                io.Report(diagnostics);
                return ExitCodes.BadInput;
            }
            var original = loaded[0];
            var root = original.Root.Clone();
            foreach (var assignment in parse.GetValue(set)!)
            {
                var equals = assignment.IndexOf('=');
                if (equals <= 0) return io.UsageError($"--set '{assignment}': write path=value, e.g. --set safety.adversarial_testing.performed=true");
                var (change, error) = FactPaths.Parse(root.Shape, assignment[..equals].Trim(), assignment[(equals + 1)..]);
                if (change is null) return io.UsageError($"--set '{assignment}': {error}");
                if (FactEditor.Apply(root, change) is { } problem) return io.UsageError($"--set '{assignment}': {problem}");
            }
            var changed = original.WithRoot(root);

            var blocked = false;
            var options = new EvaluationOptions { Explain = true };
            foreach (var (path, pack) in packs)
            {
                var before = pack.Evaluate(original, options);
                var after = pack.Evaluate(changed, options);
                blocked |= after.IsBlocking(FailOn.Error);
                Write(io.Stdout, path, original.Path, parse.GetValue(set)!, before, after, parse.GetValue(explain));
            }
            return blocked ? ExitCodes.Blocked : ExitCodes.Pass;
        });
        return command;
    }

    private static void Write(TextWriter output, string pack, string descriptor, string[] changes, Verdict before, Verdict after, bool explain)
    {
        output.Write($"{descriptor}  ×  {pack}  with {string.Join(", ", changes)}\n");
        output.Write($"  verdict  {before.Kind.Text().ToUpperInvariant()} → {after.Kind.Text().ToUpperInvariant()}{(before.Kind == after.Kind ? " (unchanged)" : "")}\n");
        var moved = 0;
        foreach (var finding in after.Findings)
        {
            var old = before.Findings.FirstOrDefault(f => f.Rule.Id == finding.Rule.Id);
            if (old is null || old.Outcome == finding.Outcome) continue;
            moved++;
            output.Write($"  {finding.Rule.Id}  {finding.Rule.Title}: {old.Outcome.Text()} → {finding.Outcome.Text()}\n");
            if (finding.MissingFacts.Count > 0) output.Write($"      missing {string.Join(", ", finding.MissingFacts)}\n");
            if (explain)
            {
                foreach (var fact in DecidingFinding.Flatten(finding.Explanation)) output.Write($"      {fact.Path} = {fact.Value}\n");
            }
        }
        foreach (var classification in after.Classifications)
        {
            var old = before.Classifications.First(c => c.Name == classification.Name);
            if (old.Label != classification.Label) output.Write($"  {classification.Title}: {old.Label ?? "unknown"} → {classification.Label ?? "unknown"}\n");
        }
        foreach (var score in after.Scores)
        {
            var old = before.Scores.First(s => s.Name == score.Name);
            if (old.Value != score.Value) output.Write($"  {score.Title}: {(old.Value is { } a ? Values.Format(a) : "unknown")} → {(score.Value is { } b ? Values.Format(b) : "unknown")}\n");
        }
        if (moved == 0) output.Write("  no rule outcome moved\n");
    }
}
