using System.Diagnostics;

namespace Enrichment.Cli.Tests.Commands;

/// <summary>Runs the real `enrich` (the built Enrichment.Cli.dll) as a user would, and captures what it prints.</summary>
internal static class EnrichProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Task<Result> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    /// <summary>Runs it with <paramref name="environment"/> set (<c>Crossref__BaseUrl</c> pointing at a fake...).</summary>
    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Enrichment.Cli.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        // Never the internet from a test: agencies a test does not fake are a closed port on this machine.
        start.Environment["DataCite__BaseUrl"] = "http://127.0.0.1:9/";
        start.Environment["DoiResolver__BaseUrl"] = "http://127.0.0.1:9/";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public static string WriteTemp(string name, string content)
    {
        var folder = Path.Combine(Path.GetTempPath(), "enrich-cli-tests", Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        return path;
    }
}
