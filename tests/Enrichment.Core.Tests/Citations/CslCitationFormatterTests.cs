using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Enrichment.Core.Citations;
using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Citations;

public sealed class CslCitationFormatterTests
{
    private const string TitleStyle = """
        <style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
          <info><id>title-only</id></info>
          <citation><layout><text variable="title"/></layout></citation>
          <bibliography><layout suffix="."><text variable="title" font-style="italic"/></layout></bibliography>
        </style>
        """;

    private static readonly CslLocale EnUs = CslLocale.Load(CslProcessorTests.Locale);

    private static readonly Reference Item = new()
    {
        Id = "x",
        Variables = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("title", "A Title")]),
    };

    [Fact]
    public void Loads_a_style_from_a_file_path_once_and_formats_with_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"csl-{Guid.NewGuid():N}.csl");
        File.WriteAllText(path, TitleStyle);
        try
        {
            var formatter = new CslCitationFormatter(locale: EnUs);
            formatter.FormatEntry(Item, path).ShouldBe("A Title.");
            formatter.FormatEntry(Item, path, CitationOutput.Html).ShouldBe("<i>A Title</i>.");
            formatter.GetProcessor(path).ShouldBeSameAs(formatter.GetProcessor(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Names_the_built_in_styles_and_rejects_unknown_names()
    {
        var formatter = new CslCitationFormatter(locale: EnUs);
        formatter.BuiltInStyles.ShouldBe(["apa", "mla", "chicago-author-date", "ieee", "vancouver"]);
        Should.Throw<ArgumentException>(() => formatter.FormatEntry(Item, "no-such-style"));
    }

    [Fact]
    public async Task Downloads_a_style_by_url_once()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var requests = 0;
        var server = Task.Run(async () =>
        {
            // One minimal HTTP/1.1 exchange per connection, on 127.0.0.1 only.
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync();
                Interlocked.Increment(ref requests);
                var stream = client.GetStream();
                var buffer = new byte[4096];
                _ = await stream.ReadAsync(buffer);
                var body = Encoding.UTF8.GetBytes(TitleStyle);
                var head = Encoding.ASCII.GetBytes(
                    $"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(head);
                await stream.WriteAsync(body);
            }
        });

        using var http = new HttpClient();
        var formatter = new CslCitationFormatter(http, EnUs);
        var url = $"http://127.0.0.1:{port}/styles/title-only.csl";
        (await formatter.GetProcessorAsync(url)).RenderEntry(Item).ShouldBe("A Title.");
        formatter.FormatEntry(Item, url).ShouldBe("A Title.");
        requests.ShouldBe(1);
        listener.Stop();
        await Should.ThrowAsync<Exception>(server);
    }
}
