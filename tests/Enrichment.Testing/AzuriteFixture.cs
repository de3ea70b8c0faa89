using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace Enrichment.Testing;

/// <summary>
/// Azurite (blob, queue, table) for integration tests: reuses the one named by <c>ENRICHMENT_TEST_STORAGE</c>
/// (a connection string) when set, otherwise starts the repository's pinned Azurite on free ports with a
/// throwaway data folder, and stops it afterwards.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private const string DevAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private Process? _process;
    private string? _dataDirectory;

    public string ConnectionString { get; private set; } = "";

    public int BlobPort { get; private set; }

    public int QueuePort { get; private set; }

    public int TablePort { get; private set; }

    /// <summary>The Azurite data folder (null when reusing an external Azurite).</summary>
    public string? DataDirectory => _dataDirectory;

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("ENRICHMENT_TEST_STORAGE");
        if (!string.IsNullOrWhiteSpace(external))
        {
            ConnectionString = external;
            return;
        }

        _dataDirectory = Path.Combine(Path.GetTempPath(), "enrichment-azurite-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dataDirectory);
        (BlobPort, QueuePort, TablePort) = (FreePort(), FreePort(), FreePort());
        await StartAsync();
        ConnectionString = BuildConnectionString(BlobPort, QueuePort, TablePort);
    }

    public static string BuildConnectionString(int blobPort, int queuePort, int tablePort) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        $"AccountKey={DevAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";

    /// <summary>Starts Azurite on the fixture's ports and data folder (again, after <see cref="StopAsync"/>).</summary>
    public async Task StartAsync()
    {
        var azurite = FindAzurite();
        var startInfo = new ProcessStartInfo(azurite)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--silent", "--skipApiVersionCheck", "--disableTelemetry", "--loose",
            "--location", _dataDirectory!,
            "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        _process = Process.Start(startInfo) ?? throw new InvalidOperationException("Azurite did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        foreach (var port in new[] { BlobPort, QueuePort, TablePort })
        {
            while (!await IsListeningAsync(port))
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode} before listening on {port}");
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"Azurite did not listen on 127.0.0.1:{port} within 60 s");
                }

                await Task.Delay(100);
            }
        }
    }

    /// <summary>
    /// Stops Azurite (the data folder stays for <see cref="StartAsync"/>): by default with SIGTERM, as a
    /// service manager or a reboot does, so Azurite writes its state out; with <paramref name="graceful"/>
    /// false it is killed outright, and Azurite then loses its last seconds of writes (real storage does not).
    /// </summary>
    public async Task StopAsync(bool graceful = true)
    {
        if (_process is { HasExited: false })
        {
            if (graceful && OperatingSystem.IsLinux())
            {
                using var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
                if (term is not null)
                {
                    await term.WaitForExitAsync();
                }

                using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                try
                {
                    await _process.WaitForExitAsync(patience.Token);
                }
                catch (OperationCanceledException)
                {
                    // Did not stop in time: fall through to the kill.
                }
            }

            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process?.Dispose();
        _process = null;
    }

    public async Task DisposeAsync()
    {
        await StopAsync(graceful: false);
        if (_dataDirectory is not null)
        {
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    private static string FindAzurite()
    {
        var root = SharedData.RepositoryRoot;
        var local = Path.Combine(root, "node_modules", ".bin", "azurite");
        if (File.Exists(local))
        {
            return local;
        }

        throw new InvalidOperationException(
            $"Azurite is not installed at {local}. Run `npm ci` in {root} (the README's test command does).");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> IsListeningAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
