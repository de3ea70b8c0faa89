using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Enrichment.Cli.Tests.Serve;

/// <summary>`enrich serve` with OTEL_EXPORTER_OTLP_ENDPOINT set: a record's spans reach the collector under one trace.</summary>
public sealed class TelemetryTests(TelemetryTests.OtlpServeFixture serve) : IClassFixture<TelemetryTests.OtlpServeFixture>
{
    [Fact]
    public async Task Ingest_enrich_and_format_of_one_record_reach_the_OTLP_endpoint_under_one_trace()
    {
        var uploadId = await serve.PostUploadAsync("traced.txt", Encoding.UTF8.GetBytes(TestWorks.SeedDoi + "\n"));
        (await serve.WaitForUploadAsync(uploadId, "completed")).Dispose();

        var trace = await ServeFixture.EventuallyAsync(() =>
        {
            var spans = serve.Collector.Spans;
            var ingest = spans.Where(s => s.Name == "ingest").Select(s => s.TraceId).ToHashSet();
            var complete = spans.Where(s => s.Name == "format" && ingest.Contains(s.TraceId))
                .Select(s => s.TraceId)
                .FirstOrDefault(id => spans.Any(s => s.Name == "enrich" && s.TraceId == id));
            return Task.FromResult(complete);
        }, "spans ingest, enrich and format under one trace", TimeSpan.FromSeconds(30));

        var names = serve.Collector.Spans.Where(s => s.TraceId == trace).Select(s => s.Name).ToList();
        names.ShouldContain("ingest");
        names.ShouldContain("enrich");
        names.ShouldContain("format");

        // The Crossref call is a span of the same trace (HttpClient's own instrumentation).
        names.ShouldContain(name => name.StartsWith("GET", StringComparison.Ordinal), string.Join(", ", names));
    }

    public sealed class OtlpServeFixture : ServeFixture, IDisposable
    {
        public OtlpCollector Collector { get; } = new();

        protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [
            new("OTEL_EXPORTER_OTLP_ENDPOINT", Collector.Endpoint),
            new("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
            new("OTEL_BSP_SCHEDULE_DELAY", "100"),
        ];

        public void Dispose() => Collector.Dispose();
    }
}

/// <summary>
/// The receiving end of OTLP over HTTP/protobuf on 127.0.0.1: keeps each span's trace id and name. Reads just the
/// fields it needs from the protobuf wire format (ExportTraceServiceRequest: resource_spans 1 > scope_spans 2 >
/// spans 2 > trace_id 1, name 5).
/// </summary>
public sealed class OtlpCollector : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<(string TraceId, string Name)> _spans = [];
    private readonly Lock _gate = new();

    public OtlpCollector()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Endpoint = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _ = Task.Run(ReceiveAsync);
    }

    public string Endpoint { get; }

    public IReadOnlyList<(string TraceId, string Name)> Spans
    {
        get { lock (_gate) { return [.. _spans]; } }
    }

    public void Dispose() => _listener.Close();

    private async Task ReceiveAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            if (context.Request.Url!.AbsolutePath.EndsWith("/v1/traces", StringComparison.Ordinal))
            {
                var found = new List<(string, string)>();
                foreach (var resource in Fields(body.ToArray(), 1))
                {
                    foreach (var scope in Fields(resource, 2))
                    {
                        foreach (var span in Fields(scope, 2))
                        {
                            found.Add((Convert.ToHexString(Fields(span, 1).First()), Encoding.UTF8.GetString(Fields(span, 5).First())));
                        }
                    }
                }

                lock (_gate)
                {
                    _spans.AddRange(found);
                }
            }

            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    /// <summary>The length-delimited fields numbered <paramref name="number"/> of one protobuf message.</summary>
    private static IEnumerable<byte[]> Fields(byte[] message, int number)
    {
        var at = 0;
        while (at < message.Length)
        {
            var key = Varint(message, ref at);
            var (field, wire) = ((int)(key >> 3), (int)(key & 7));
            switch (wire)
            {
                case 0:
                    Varint(message, ref at);
                    break;
                case 1:
                    at += 8;
                    break;
                case 5:
                    at += 4;
                    break;
                case 2:
                    var length = (int)Varint(message, ref at);
                    if (field == number)
                    {
                        yield return message[at..(at + length)];
                    }

                    at += length;
                    break;
                default:
                    throw new InvalidDataException($"wire type {wire}");
            }
        }
    }

    private static ulong Varint(byte[] message, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
