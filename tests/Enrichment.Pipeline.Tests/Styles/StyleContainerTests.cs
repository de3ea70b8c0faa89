using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Enrichment.Core.Citations;
using Enrichment.Core.Records;
using Enrichment.Pipeline.Api;
using Enrichment.Pipeline.Storage;
using Enrichment.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Enrichment.Pipeline.Tests.Styles;

/// <summary>The pipeline's styles: the built-in ones and the <c>styles</c> container on Azurite, as the hosts register them.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class StyleContainerTests(AzuriteFixture azurite)
{
    private const string TitleStyle = """
        <style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
          <info><id>title-only</id></info>
          <citation><layout><text variable="title"/></layout></citation>
          <bibliography><layout suffix="."><text variable="title"/></layout></bibliography>
        </style>
        """;

    private static readonly Reference Item = new()
    {
        Id = "x",
        Variables = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("title", "A Title")]),
    };

    [Fact]
    public async Task A_caller_reaches_a_style_in_the_container_and_a_dependent_one_finds_its_parent_there()
    {
        await using var pipeline = await PipelineServices.StartAsync(azurite.ConnectionString);
        var name = $"house-{Guid.NewGuid():N}";
        await UploadAsync(pipeline, name + ".csl", TitleStyle);
        await UploadAsync(pipeline, name + "-short.csl", $"""
            <style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
              <info><id>short</id><link rel="independent-parent" href="http://example.org/styles/{name}"/></info>
            </style>
            """);
        var formatter = pipeline.GetRequiredService<ICitationFormatter>();

        (await formatter.GetStyleAsync(name, StyleOrigin.Caller)).FormatEntry(Item).ShouldBe("A Title.");
        (await formatter.GetStyleAsync(name + ".csl", StyleOrigin.Caller)).FormatEntry(Item).ShouldBe("A Title.");
        (await formatter.GetStyleAsync(name + "-short", StyleOrigin.Caller)).FormatEntry(Item).ShouldBe("A Title.");
    }

    [Fact]
    public async Task A_missing_container_style_is_unknown_with_the_same_message_as_a_url_or_a_path()
    {
        await using var pipeline = await PipelineServices.StartAsync(azurite.ConnectionString);
        var formatter = pipeline.GetRequiredService<ICitationFormatter>();

        var missing = await Should.ThrowAsync<UnknownStyleException>(formatter.GetStyleAsync($"missing-{Guid.NewGuid():N}", StyleOrigin.Caller).AsTask());
        var url = await Should.ThrowAsync<UnknownStyleException>(formatter.GetStyleAsync("http://127.0.0.1:9/x.csl", StyleOrigin.Caller).AsTask());
        var path = await Should.ThrowAsync<UnknownStyleException>(formatter.GetStyleAsync("/etc/passwd", StyleOrigin.Caller).AsTask());

        Shape(missing).ShouldBe(Shape(url));
        Shape(missing).ShouldBe(Shape(path));
        missing.Message.ShouldContain("styles container");
        missing.InnerException.ShouldBeNull();
    }

    [Fact]
    public async Task A_container_style_larger_than_the_limit_or_not_csl_is_unknown()
    {
        await using var pipeline = await PipelineServices.StartAsync(azurite.ConnectionString, true, ("Styles:MaxStyleBytes", "1024"));
        var big = $"big-{Guid.NewGuid():N}";
        var notCsl = $"not-csl-{Guid.NewGuid():N}";
        await UploadAsync(pipeline, big + ".csl", TitleStyle + new string(' ', 2048));
        await UploadAsync(pipeline, notCsl + ".csl", "<Project Sdk=\"Microsoft.NET.Sdk\"></Project>");
        var formatter = pipeline.GetRequiredService<ICitationFormatter>();

        await Should.ThrowAsync<UnknownStyleException>(formatter.GetStyleAsync(big, StyleOrigin.Caller).AsTask());
        var ex = await Should.ThrowAsync<UnknownStyleException>(formatter.GetStyleAsync(notCsl, StyleOrigin.Caller).AsTask());
        ex.Message.ShouldNotContain("Project");
        ex.Message.ShouldNotContain("root");
    }

    [Fact]
    public async Task The_style_limits_are_validated_when_the_host_starts()
    {
        await using var pipeline = await PipelineServices.StartAsync(azurite.ConnectionString, true, ("Styles:CacheSize", "0"));

        Should.Throw<OptionsValidationException>(() => pipeline.GetRequiredService<IOptions<StyleOptions>>().Value);
    }

    [Fact]
    public async Task Works_answers_400_for_a_style_url_before_asking_crossref_or_the_url()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var pipeline = await PipelineServices.StartAsync(azurite.ConnectionString);

        var result = await pipeline.GetRequiredService<WorksApi>().GetAsync("10.1000/xyz", $"apa,http://127.0.0.1:{port}/x.csl");

        result.StatusCode.ShouldBe(400);
        JsonDocument.Parse(result.Body).RootElement.GetProperty("title").GetString().ShouldBe("Unknown style");
        listener.Pending().ShouldBeFalse();
    }

    [Fact]
    public async Task Export_answers_400_for_an_unknown_text_style_before_streaming()
    {
        await using var pipeline = await PipelineServices.StartAsync(azurite.ConnectionString);
        var uploadId = UploadIds.For($"styles-{Guid.NewGuid():N}.bib", "\"etag\"");
        await pipeline.GetRequiredService<UploadStore>().UpsertAsync(new UploadRow { UploadId = uploadId, BlobName = "refs.bib" });
        var export = pipeline.GetRequiredService<ExportApi>();

        var unknown = await export.ExportAsync(uploadId, "text", "/etc/passwd");
        var known = await export.ExportAsync(uploadId, "text", "apa");

        unknown.StatusCode.ShouldBe(400);
        unknown.BodyWriter.ShouldBeNull();
        JsonDocument.Parse(unknown.Body).RootElement.GetProperty("title").GetString().ShouldBe("Unknown style");
        known.StatusCode.ShouldBe(200);
        known.BodyWriter.ShouldNotBeNull();
    }

    private static string Shape(UnknownStyleException ex) => ex.Message.Replace($"'{ex.Style}'", "'…'", StringComparison.Ordinal);

    private static async Task UploadAsync(IServiceProvider pipeline, string blobName, string content)
    {
        var container = pipeline.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(StorageNames.StylesContainer);
        await container.GetBlobClient(blobName).UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(content)), overwrite: true);
    }
}
