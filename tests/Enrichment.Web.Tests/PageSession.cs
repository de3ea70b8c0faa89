using Enrichment.Testing;
using Microsoft.Playwright;

namespace Enrichment.Web.Tests;

/// <summary>
/// One browser context and page; every console error and uncaught script error is kept, and a test ends with
/// <see cref="ShouldHaveNoErrors"/>. Closing the context closes the page.
/// </summary>
internal sealed class PageSession : IAsyncDisposable
{
    private readonly List<string> _errors = [];
    private readonly List<string> _allowed = [];

    private PageSession(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_errors)
                {
                    _errors.Add($"console: {message.Text} ({message.Location})");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add($"page error: {error}");
            }
        };
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public static async Task<PageSession> OpenAsync(IBrowser browser, string baseUrl, BrowserNewContextOptions? options = null)
    {
        options ??= new BrowserNewContextOptions();
        options.BaseURL = baseUrl;
        options.AcceptDownloads = true;
        options.Locale = "en-US";
        options.ViewportSize ??= new ViewportSize { Width = 1100, Height = 900 };
        var context = await browser.NewContextAsync(options);
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = baseUrl.TrimEnd('/') });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        return new PageSession(context, page);
    }

    /// <summary>A console error the test provokes on purpose (the browser logs every 4xx a script's fetch gets).</summary>
    public void Allow(string fragment) => _allowed.Add(fragment);

    public void ShouldHaveNoErrors()
    {
        lock (_errors)
        {
            _errors.Where(e => !_allowed.Any(a => e.Contains(a, StringComparison.Ordinal))).ShouldBeEmpty();
        }
    }

    /// <summary>Writes docs/screenshots/{name}.png when UPDATE_SCREENSHOTS=1 (so CI leaves the tree clean).</summary>
    public async Task ScreenshotAsync(string name, ILocator? of = null)
    {
        if (Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") != "1")
        {
            return;
        }

        var path = Path.Combine(SharedData.RepositoryRoot, "docs", "screenshots", name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (of is null)
        {
            await Page.ScreenshotAsync(new() { Path = path, FullPage = true });
        }
        else
        {
            await of.ScreenshotAsync(new() { Path = path });
        }
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
