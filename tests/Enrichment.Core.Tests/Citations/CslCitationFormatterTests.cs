using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Enrichment.Core.Citations;
using Enrichment.Core.Records;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Enrichment.Core.Tests.Citations;

public sealed class CslCitationFormatterTests : IDisposable
{
    private const string TitleStyle = """
        <style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
          <info><id>title-only</id></info>
          <citation><layout><text variable="title"/></layout></citation>
          <bibliography><layout suffix="."><text variable="title" font-style="italic"/></layout></bibliography>
        </style>
        """;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly CslLocale EnUs = CslLocale.Load(CslProcessorTests.Locale);

    private static readonly Reference Item = new()
    {
        Id = "x",
        Variables = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("title", "A Title")]),
    };

    private readonly string _folder = Directory.CreateTempSubdirectory("csl-formatter-").FullName;
    private readonly HttpClient _http = new(CslCitationFormatter.CreateHttpHandler());

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private CslCitationFormatter Formatter(StyleOptions? options = null, IStyleStore? store = null, TimeProvider? time = null) =>
        new(Options.Create(options ?? new StyleOptions()), _http, store, EnUs, time);

    private string WriteStyle(string fileName, string csl = TitleStyle)
    {
        var path = Path.Combine(_folder, fileName);
        File.WriteAllText(path, csl);
        return path;
    }

    private static string Dependent(string parentHref) => $"""
        <style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
          <info><id>dependent</id><link rel="independent-parent" href="{parentHref}"/></info>
        </style>
        """;

    [Fact]
    public async Task A_record_that_is_only_a_pasted_reference_string_is_cited_as_that_string()
    {
        var style = await new CslCitationFormatter(Options.Create(new StyleOptions())).GetStyleAsync("apa", StyleOrigin.Operator);
        var pasted = new Reference { Id = "ref-1" }.WithCustom(Reference.ReferenceStringKey, "Nobody, N. (2001). <Odd> & rare. J Nothing.");

        style.FormatEntry(pasted).ShouldBe("Nobody, N. (2001). <Odd> & rare. J Nothing.");
        style.FormatEntry(pasted, CitationOutput.Html).ShouldBe("Nobody, N. (2001). &lt;Odd&gt; &amp; rare. J Nothing.");

        // Once matched, the record has fields, and the style renders them.
        var matched = pasted.With("title", "A Title");
        style.FormatEntry(matched).ShouldNotContain("Nobody");
        style.FormatEntry(matched).ShouldContain("A Title");
    }

    [Fact]
    public async Task An_operator_file_is_compiled_once_and_formats()
    {
        var path = WriteStyle("title.csl");
        var formatter = Formatter();

        var style = await formatter.GetStyleAsync(path, StyleOrigin.Operator);

        style.FormatEntry(Item).ShouldBe("A Title.");
        style.FormatEntry(Item, CitationOutput.Html).ShouldBe("<i>A Title</i>.");
        (await formatter.GetStyleAsync(path, StyleOrigin.Operator)).ShouldBeSameAs(style);
    }

    [Fact]
    public async Task Names_the_built_in_styles_serves_them_to_callers_and_rejects_unknown_names()
    {
        var formatter = Formatter();
        formatter.BuiltInStyles.ShouldBe(["apa", "mla", "chicago-author-date", "ieee", "vancouver"]);
        (await formatter.GetStyleAsync("apa", StyleOrigin.Caller)).ShouldBeSameAs(await formatter.GetStyleAsync("apa", StyleOrigin.Operator));

        foreach (var origin in new[] { StyleOrigin.Caller, StyleOrigin.Operator })
        {
            var ex = await Should.ThrowAsync<UnknownStyleException>(formatter.GetStyleAsync("no-such-style", origin).AsTask());
            ex.Style.ShouldBe("no-such-style");
        }
    }

    [Fact]
    public async Task An_operator_url_is_downloaded_once()
    {
        await using var server = await StyleServer.ServingAsync(TitleStyle);
        var formatter = Formatter();
        var url = $"{server.BaseUrl}/styles/title-only.csl";

        (await formatter.GetStyleAsync(url, StyleOrigin.Operator)).FormatEntry(Item).ShouldBe("A Title.");
        (await formatter.GetStyleAsync(url, StyleOrigin.Operator)).FormatEntry(Item).ShouldBe("A Title.");

        server.Requests.ShouldBe(1);
    }

    [Fact]
    public async Task A_caller_naming_a_url_or_a_path_gets_an_unknown_style_and_nothing_is_fetched_or_read()
    {
        await using var server = await StyleServer.ServingAsync(TitleStyle);
        var store = new MemoryStyleStore();
        var formatter = Formatter(store: store);

        var url = $"{server.BaseUrl}/styles/title-only.csl";
        var byUrl = await Should.ThrowAsync<UnknownStyleException>(formatter.GetStyleAsync(url, StyleOrigin.Caller).AsTask());
        var byPath = await Should.ThrowAsync<UnknownStyleException>(formatter.GetStyleAsync(WriteStyle("real.csl"), StyleOrigin.Caller).AsTask());

        server.Requests.ShouldBe(0);
        store.Asked.ShouldBeEmpty();
        byUrl.InnerException.ShouldBeNull();
        byPath.InnerException.ShouldBeNull();
        Shape(byUrl).ShouldBe(Shape(byPath));
    }

    [Fact]
    public async Task A_caller_cannot_tell_an_existing_file_from_a_missing_one()
    {
        foreach (var store in new IStyleStore?[] { null, new MemoryStyleStore() })
        {
            var formatter = Formatter(store: store);
            var existing = await Should.ThrowAsync<UnknownStyleException>(formatter.GetStyleAsync("/etc/passwd", StyleOrigin.Caller).AsTask());
            var missing = await Should.ThrowAsync<UnknownStyleException>(formatter.GetStyleAsync("/nonexistent", StyleOrigin.Caller).AsTask());
            var unknownName = await Should.ThrowAsync<UnknownStyleException>(formatter.GetStyleAsync("nonexistent", StyleOrigin.Caller).AsTask());

            Shape(existing).ShouldBe(Shape(missing));
            Shape(existing).ShouldBe(Shape(unknownName));
            existing.Message.ShouldNotContain("root", Case.Insensitive);
            existing.Message.ShouldNotContain("file", Case.Insensitive);
        }
    }

    [Theory]
    [InlineData("../apa")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a b")]
    [InlineData("")]
    public async Task A_caller_name_that_is_not_a_plain_file_name_never_reaches_the_container(string name)
    {
        var store = new MemoryStyleStore().With(name, TitleStyle);
        var formatter = Formatter(store: store);

        await Should.ThrowAsync<UnknownStyleException>(formatter.GetStyleAsync(name, StyleOrigin.Caller).AsTask());
        await Should.ThrowAsync<UnknownStyleException>(formatter.GetStyleAsync(new string('a', 101), StyleOrigin.Caller).AsTask());

        store.Asked.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_caller_reaches_a_style_in_the_container_by_name()
    {
        var store = new MemoryStyleStore().With("house_style.v2", TitleStyle);
        var formatter = Formatter(store: store);

        var style = await formatter.GetStyleAsync("house_style.v2", StyleOrigin.Caller);

        style.FormatEntry(Item).ShouldBe("A Title.");
        style.Name.ShouldBe("house_style.v2");
    }

    [Fact]
    public async Task An_operator_url_larger_than_the_limit_fails_while_reading_not_after()
    {
        // A raw socket, not Kestrel: Kestrel turns writes after the client hung up into no-ops, a socket fails them,
        // so what it counts is what the client's side really took in (plus the kernels' buffers).
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        long sent = 0;
        var server = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            _ = await stream.ReadAsync(new byte[8192]);

            // No Content-Length, an endless body: only the reader's limit stops it.
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nConnection: close\r\n\r\n<style>"u8.ToArray());
            var chunk = Encoding.UTF8.GetBytes(new string(' ', 64 * 1024));
            try
            {
                while (sent < 1L << 30)
                {
                    await stream.WriteAsync(chunk);
                    sent += chunk.Length;
                }
            }
            catch (IOException)
            {
                // The client hung up: what the test wants.
            }
        });
        var formatter = Formatter(new StyleOptions { MaxStyleBytes = 256 * 1024 });
        var url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/huge.csl";

        var ex = await Should.ThrowAsync<UnknownStyleException>(formatter.GetStyleAsync(url, StyleOrigin.Operator).AsTask());

        ex.InnerException.ShouldBeOfType<InvalidDataException>().Message.ShouldContain("larger than");
        await server.WaitAsync(Patience);
        sent.ShouldBeLessThan(64L * 1024 * 1024); // socket buffers, not the 1 GiB on offer
    }

    [Fact]
    public async Task An_operator_file_larger_than_the_limit_or_not_a_regular_file_is_refused()
    {
        var big = WriteStyle("big.csl", TitleStyle + new string(' ', 4096));
        var formatter = Formatter(new StyleOptions { MaxStyleBytes = 1024 });

        await Should.ThrowAsync<UnknownStyleException>(formatter.GetStyleAsync(big, StyleOrigin.Operator).AsTask());
        if (OperatingSystem.IsLinux())
        {
            var link = Path.Combine(_folder, "zero.csl");
            File.CreateSymbolicLink(link, "/dev/zero");
            await Should.ThrowAsync<UnknownStyleException>(formatter.GetStyleAsync("/dev/zero", StyleOrigin.Operator).AsTask());
            await Should.ThrowAsync<UnknownStyleException>(formatter.GetStyleAsync(link, StyleOrigin.Operator).AsTask());
        }
    }

    [Fact]
    public async Task A_redirect_to_another_host_is_refused_and_one_to_the_same_host_followed()
    {
        await using var other = await StyleServer.ServingAsync(TitleStyle);
        await using var server = await StyleServer.StartAsync(context =>
        {
            if (context.Request.Path == "/elsewhere.csl")
            {
                context.Response.Redirect($"{other.BaseUrl}/title.csl");
                return Task.CompletedTask;
            }

            if (context.Request.Path == "/moved.csl")
            {
                context.Response.Redirect("/title.csl");
                return Task.CompletedTask;
            }

            return context.Response.WriteAsync(TitleStyle);
        });
        var formatter = Formatter();

        await Should.ThrowAsync<UnknownStyleException>(formatter.GetStyleAsync($"{server.BaseUrl}/elsewhere.csl", StyleOrigin.Operator).AsTask());
        (await formatter.GetStyleAsync($"{server.BaseUrl}/moved.csl", StyleOrigin.Operator)).FormatEntry(Item).ShouldBe("A Title.");

        other.Requests.ShouldBe(0);
    }

    [Fact]
    public async Task A_slow_url_does_not_hold_up_a_built_in_style_and_its_concurrent_loads_share_one_request()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StyleServer.StartAsync(async context =>
        {
            arrived.TrySetResult();
            await release.Task;
            await context.Response.WriteAsync(TitleStyle);
        });
        var formatter = Formatter();
        var url = $"{server.BaseUrl}/slow.csl";

        using var impatient = new CancellationTokenSource();
        var first = formatter.GetStyleAsync(url, StyleOrigin.Operator, impatient.Token).AsTask();
        var second = formatter.GetStyleAsync(url, StyleOrigin.Operator).AsTask();
        await arrived.Task.WaitAsync(Patience);

        // While the download hangs, a built-in style is there at once.
        (await formatter.GetStyleAsync("apa", StyleOrigin.Caller).AsTask().WaitAsync(Patience)).Name.ShouldBe("apa");
        first.IsCompleted.ShouldBeFalse();

        // One caller giving up ends its own wait, not the shared load.
        await impatient.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(first);
        second.IsCompleted.ShouldBeFalse();

        release.SetResult();
        (await second.WaitAsync(Patience)).FormatEntry(Item).ShouldBe("A Title.");
        server.Requests.ShouldBe(1);
    }

    [Fact]
    public async Task A_url_that_does_not_answer_within_the_time_limit_fails()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StyleServer.StartAsync(async context =>
        {
            arrived.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        var time = new ManualTimeProvider();
        var formatter = Formatter(time: time);

        var load = formatter.GetStyleAsync($"{server.BaseUrl}/hangs.csl", StyleOrigin.Operator).AsTask();
        await arrived.Task.WaitAsync(Patience);
        time.FireAll();

        var ex = await Should.ThrowAsync<UnknownStyleException>(load.WaitAsync(Patience));
        ex.InnerException.ShouldBeAssignableTo<OperationCanceledException>();
    }

    [Fact]
    public async Task A_failed_load_is_not_cached()
    {
        var calls = 0;
        await using var server = await StyleServer.StartAsync(context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = 500;
                return Task.CompletedTask;
            }

            return context.Response.WriteAsync(TitleStyle);
        });
        var formatter = Formatter();
        var url = $"{server.BaseUrl}/flaky.csl";

        await Should.ThrowAsync<UnknownStyleException>(formatter.GetStyleAsync(url, StyleOrigin.Operator).AsTask());
        (await formatter.GetStyleAsync(url, StyleOrigin.Operator)).FormatEntry(Item).ShouldBe("A Title.");
    }

    [Fact]
    public async Task The_cache_keeps_the_most_recently_used_styles_up_to_its_size_and_the_built_in_ones_always()
    {
        var (a, b, c) = (WriteStyle("a.csl"), WriteStyle("b.csl"), WriteStyle("c.csl"));
        var formatter = Formatter(new StyleOptions { CacheSize = 2 });
        var apa = await formatter.GetStyleAsync("apa", StyleOrigin.Caller);

        var first = await formatter.GetStyleAsync(a, StyleOrigin.Operator);
        var second = await formatter.GetStyleAsync(b, StyleOrigin.Operator);
        (await formatter.GetStyleAsync(a, StyleOrigin.Operator)).ShouldBeSameAs(first); // a is now the most recent
        await formatter.GetStyleAsync(c, StyleOrigin.Operator); // evicts b

        formatter.CachedCount.ShouldBe(2);
        (await formatter.GetStyleAsync(a, StyleOrigin.Operator)).ShouldBeSameAs(first);
        (await formatter.GetStyleAsync(b, StyleOrigin.Operator)).ShouldNotBeSameAs(second);
        (await formatter.GetStyleAsync("apa", StyleOrigin.Caller)).ShouldBeSameAs(apa);
    }

    [Fact]
    public async Task A_remote_dependent_style_cannot_take_its_parent_from_a_local_path()
    {
        var parent = WriteStyle("local-parent.csl");
        foreach (var href in new[] { parent, new Uri(parent).AbsoluteUri })
        {
            await using var server = await StyleServer.ServingAsync(Dependent(href));
            var formatter = Formatter();

            await Should.ThrowAsync<UnknownStyleException>(formatter.GetStyleAsync($"{server.BaseUrl}/dependent.csl", StyleOrigin.Operator).AsTask());
        }
    }

    [Fact]
    public async Task A_dependent_style_takes_a_built_in_parent_by_name_or_a_file_parent_from_beside_it()
    {
        await using var server = await StyleServer.ServingAsync(Dependent("http://www.zotero.org/styles/apa"));
        var formatter = Formatter();
        var remote = await formatter.GetStyleAsync($"{server.BaseUrl}/dependent.csl", StyleOrigin.Operator);
        remote.FormatEntry(Item).ShouldBe((await formatter.GetStyleAsync("apa", StyleOrigin.Operator)).FormatEntry(Item));
        server.Requests.ShouldBe(1); // the parent was not fetched from zotero.org

        WriteStyle("house-parent.csl");
        var child = WriteStyle("house-child.csl", Dependent("http://example.org/styles/house-parent"));
        (await formatter.GetStyleAsync(child, StyleOrigin.Operator)).FormatEntry(Item).ShouldBe("A Title.");
    }

    /// <summary>The message with the style name taken out: what must not differ between two unknown styles.</summary>
    private static string Shape(UnknownStyleException ex) => ex.Message.Replace($"'{ex.Style}'", "'…'", StringComparison.Ordinal);
}
