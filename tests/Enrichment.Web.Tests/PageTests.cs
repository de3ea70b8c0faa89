using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Enrichment.Web.Tests;

/// <summary>
/// The page as a person uses it, in Chromium, against <c>enrich serve</c> on Azurite with the fake Crossref: no
/// call here goes around the page, and every test fails on any console or script error.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class PageTests(WebFixture web)
{
    private const string SeedTitle = "Conflict of electronic democracy with electronic government";
    private const string SeedDoi = "10.22054/tssq.2016.2451";
    private static readonly LocatorAssertionsToContainTextOptions Slow = new() { Timeout = 60_000 };

    [BrowserFact]
    public async Task A_file_chosen_in_the_page_is_enriched_then_cited_restyled_and_exported()
    {
        await using var session = await PageSession.OpenAsync(web.Browser, web.BaseUrl);
        var page = session.Page;
        await page.GotoAsync("/");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        await page.GetByLabel("Choose files…").SetInputFilesAsync(WebFixture.SeedFile);

        var upload = page.Locator(".upload").First;
        await Expect(upload).ToContainTextAsync("Done: 1 record", Slow);
        await Expect(upload.Locator(".status-enriched")).ToContainTextAsync("enriched 1");
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"{Path.GetFileName(WebFixture.SeedFile)} is done: 1 record.");
        var row = page.Locator("#records-table tbody tr").First;
        await Expect(row).ToContainTextAsync(SeedTitle);
        var citation = row.Locator(".citation");
        await Expect(citation).ToContainTextAsync($"Khalili, M. (2016). {SeedTitle}.");
        await Expect(citation.Locator("i").First).ToContainTextAsync("State Studies");
        await session.ScreenshotAsync("records");

        // The copy button puts the citation on the clipboard.
        // The write is asynchronous: the button says "Copied" once it is done, and only then is the clipboard read.
        var copy = row.GetByRole(AriaRole.Button, new() { Name = $"Copy the citation of {SeedTitle}" });
        await copy.ClickAsync();
        await Expect(copy).ToHaveTextAsync("Copied");
        (await page.EvaluateAsync<string>("() => navigator.clipboard.readText()")).ShouldContain("Khalili, M. (2016).");

        // The record opens from the keyboard and shows where each field came from and what disagreed.
        await row.GetByRole(AriaRole.Button, new() { Name = SeedTitle, Exact = true }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.Locator("#record");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.Locator("h2")).ToHaveTextAsync(SeedTitle);
        await Expect(dialog.Locator("table.fields tr", new() { HasText = "container-title" }).First).ToContainTextAsync("State Studies");
        await Expect(dialog.Locator(".from-crossref").First).ToBeVisibleAsync();
        await Expect(dialog).ToContainTextAsync("Where your file and Crossref disagree");
        var publisher = dialog.Locator("table.fields tr", new() { HasText = "Allameh Tabataba'i University Press" }).First;
        await Expect(publisher).ToContainTextAsync("publisher");
        await Expect(publisher).ToContainTextAsync("Crossref");
        await Expect(dialog).Not.ToContainTextAsync("null");
        await session.ScreenshotAsync("record", dialog);

        var bibtex = await DownloadTextAsync(page, () => dialog.GetByRole(AriaRole.Button, new() { Name = "BibTeX" }).ClickAsync());
        bibtex.Name.ShouldEndWith(".bib");
        bibtex.Text.ShouldContain("@article");
        bibtex.Text.ShouldContain(SeedDoi);
        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToBeHiddenAsync();

        // Another style: the table's citations follow it.
        await page.GetByLabel("Citation style").SelectOptionAsync("mla");
        await Expect(citation).ToContainTextAsync("Khalili, Mohsen.");
        await Expect(citation.Locator("i").First).ToContainTextAsync("State Studies");

        var ris = await DownloadTextAsync(page, () => page.Locator("#records [data-export=ris]").ClickAsync());
        ris.Name.ShouldEndWith(".ris");
        ris.Text.ShouldContain("TY  - JOUR");
        ris.Text.ShouldContain(SeedTitle);
        var bibliography = await DownloadTextAsync(page, () => page.Locator("#records [data-export=text]").ClickAsync());
        bibliography.Name.ShouldContain(".mla.");
        bibliography.Text.ShouldContain("Khalili, Mohsen.");

        session.ShouldHaveNoErrors();
    }

    [BrowserFact]
    public async Task Several_files_show_their_progress_and_a_title_search_finds_one_record()
    {
        await using var session = await PageSession.OpenAsync(web.Browser, web.BaseUrl);
        var page = session.Page;
        await page.GotoAsync("/");

        await page.GetByLabel("Choose files…").SetInputFilesAsync([WebFixture.Fixture("books.ris"), WebFixture.SeedFile]);

        var books = page.Locator(".upload", new() { HasText = "books.ris" });
        await Expect(books).ToContainTextAsync("Done: 2 records", Slow);
        await Expect(page.Locator(".upload", new() { HasText = Path.GetFileName(WebFixture.SeedFile) })).ToContainTextAsync("Done: 1 record", Slow);
        await Expect(page.Locator("#records-table tbody tr").First).ToBeVisibleAsync();

        await books.GetByRole(AriaRole.Button, new() { Name = "Show records" }).ClickAsync();
        await Expect(page.Locator("#records-file")).ToHaveTextAsync("books.ris");
        await Expect(page.Locator("#records-table tbody tr")).ToHaveCountAsync(2);
        await session.ScreenshotAsync("upload");

        await page.GetByLabel("Search titles").FillAsync("the TeX");
        await page.GetByLabel("Search titles").PressAsync("Enter");
        await Expect(page.Locator("#records-table tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#records-table tbody tr")).ToContainTextAsync("The TeXbook");

        await page.GetByRole(AriaRole.Button, new() { Name = "Clear" }).ClickAsync();
        await Expect(page.Locator("#records-table tbody tr")).ToHaveCountAsync(2);
        await page.GetByLabel("Year").FillAsync("1999");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Expect(page.Locator("#records-empty")).ToBeVisibleAsync();

        session.ShouldHaveNoErrors();
    }

    [BrowserFact]
    public async Task A_PDF_dropped_by_mistake_says_so()
    {
        await using var session = await PageSession.OpenAsync(web.Browser, web.BaseUrl);
        var page = session.Page;
        await page.GotoAsync("/");

        // A real drop: a DataTransfer holding the file, dispatched on the drop zone.
        await page.EvaluateAsync("""
            () => {
              const files = new DataTransfer();
              files.items.add(new File(['%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<<>>\nendobj\n'], 'paper.pdf', { type: 'application/pdf' }));
              const zone = document.getElementById('drop');
              zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: files, bubbles: true, cancelable: true }));
              zone.dispatchEvent(new DragEvent('drop', { dataTransfer: files, bubbles: true, cancelable: true }));
            }
            """);

        var upload = page.Locator(".upload", new() { HasText = "paper.pdf" });
        await Expect(upload.Locator(".state")).ToHaveTextAsync("Failed", new() { Timeout = 60_000 });
        await Expect(upload.Locator(".error")).ToContainTextAsync("PDF");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("paper.pdf failed:");

        session.ShouldHaveNoErrors();
    }

    [BrowserFact]
    public async Task One_DOI_is_looked_up_and_a_wrong_one_is_explained_in_words()
    {
        await using var session = await PageSession.OpenAsync(web.Browser, web.BaseUrl);
        var page = session.Page;
        await page.GotoAsync("/");

        await page.GetByLabel("DOI to look up").FillAsync("https://doi.org/10.22054/TSSQ.2016.2451");
        await page.GetByRole(AriaRole.Button, new() { Name = "Look up" }).ClickAsync();
        var work = page.Locator("#work");
        await Expect(work.Locator("h3")).ToHaveTextAsync(SeedTitle);
        await Expect(work.Locator(".citation")).ToContainTextAsync($"Khalili, M. (2016). {SeedTitle}.");
        await Expect(work.Locator(".citation i").First).ToContainTextAsync("State Studies");
        await session.ScreenshotAsync("lookup", page.Locator("#lookup"));

        session.Allow("status of 400");
        session.Allow("status of 404");
        await page.GetByLabel("DOI to look up").FillAsync("not a doi");
        await page.GetByRole(AriaRole.Button, new() { Name = "Look up" }).ClickAsync();
        await Expect(work.GetByRole(AriaRole.Alert)).ToContainTextAsync("Invalid DOI: 'not a doi' is not a DOI");

        await page.GetByLabel("DOI to look up").FillAsync("10.5555/never-registered");
        await page.GetByRole(AriaRole.Button, new() { Name = "Look up" }).ClickAsync();
        await Expect(work.GetByRole(AriaRole.Alert)).ToContainTextAsync("Not found: No registration agency knows 10.5555/never-registered");

        session.ShouldHaveNoErrors();
    }

    [BrowserFact]
    public async Task Behind_a_key_the_page_loads_without_one_and_its_calls_carry_the_key_typed_in()
    {
        await using var session = await PageSession.OpenAsync(web.Browser, web.KeyedBaseUrl);
        var page = session.Page;
        session.Allow("status of 401");
        var response = await page.GotoAsync("/");
        response!.Status.ShouldBe(200);
        (await response.TextAsync()).ShouldNotContain(WebFixture.ApiKey);
        await Expect(page.Locator("#message")).ToContainTextAsync("Enter the key under “API key” below.");

        await page.GetByLabel("Key", new() { Exact = true }).FillAsync(WebFixture.ApiKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use this key" }).ClickAsync();
        await Expect(page.Locator("#style option[value=mla]")).ToHaveCountAsync(1);
        (await page.EvaluateAsync<string?>("() => sessionStorage.getItem('enrichment.apiKey')")).ShouldBe(WebFixture.ApiKey);
        (await page.EvaluateAsync<string?>("() => localStorage.getItem('enrichment.apiKey')")).ShouldBeNull();

        await page.GetByLabel("DOI to look up").FillAsync(SeedDoi);
        await page.GetByRole(AriaRole.Button, new() { Name = "Look up" }).ClickAsync();
        await Expect(page.Locator("#work h3")).ToHaveTextAsync(SeedTitle);

        session.ShouldHaveNoErrors();
    }

    [BrowserFact]
    public async Task At_320_pixels_in_dark_mode_nothing_runs_off_the_side()
    {
        await using var session = await PageSession.OpenAsync(web.Browser, web.BaseUrl, new()
        {
            ViewportSize = new() { Width = 320, Height = 900 },
            ColorScheme = ColorScheme.Dark,
        });
        var page = session.Page;
        await page.GotoAsync("/");

        await page.GetByLabel("Choose files…").SetInputFilesAsync(WebFixture.SeedFile);
        await Expect(page.Locator("#records-table tbody tr").First).ToContainTextAsync(SeedTitle, Slow);

        var wide = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 321).map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right))");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(320, string.Join("\n", wide));
        var background = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        background.ShouldBe("rgb(21, 23, 26)");
        await session.ScreenshotAsync("narrow-dark");

        session.ShouldHaveNoErrors();
    }

    [BrowserFact]
    public async Task A_citations_HTML_reaches_the_page_as_its_formatting_only_never_as_markup_that_runs_or_loads()
    {
        await using var session = await PageSession.OpenAsync(web.Browser, web.BaseUrl);
        var page = session.Page;
        await page.GotoAsync("/");
        var cases = new Dictionary<string, string>
        {
            ["<i>State Studies</i>, <b>1</b>(3)"] = "<i>State Studies</i>, <b>1</b>(3)",
            ["<span style=\"font-variant:small-caps;\">Khalili</span>"] = "<span class=\"csl-small-caps\">Khalili</span>",
            ["<div class=\"csl-left-margin\">[1]</div>"] = "<span class=\"csl-left-margin\">[1]</span>",
            ["<img src=\"/x.png\" onerror=\"window.ran=1\">a"] = "a",
            ["b<script>window.ran=2</script>"] = "bwindow.ran=2",
            ["<i>unclosed <b>tags</i> and a stray </b> and a < sign"] = "<i>unclosed <b>tags and a stray </b> and a &lt; sign</i>",
            ["Caf&eacute; &amp; &#233;&#xE9; &lt;x&gt;"] = "Caf&amp;eacute; &amp; éé &lt;x&gt;",
            ["<a href=\"javascript:window.ran=3\">c</a>"] = "c",
            ["<span style=\"background:url(/y.png)\">d</span>"] = "<span>d</span>",
            ["&lt;i&gt;escaped&lt;/i&gt;"] = "&lt;i&gt;escaped&lt;/i&gt;",
        };

        foreach (var (html, expected) in cases)
        {
            var shown = await page.EvaluateAsync<string>(
                "async html => { const { citationFragment } = await import('./dom.js'); const box = document.createElement('div'); box.append(citationFragment(html)); return box.innerHTML; }", html);
            shown.ShouldBe(expected, html);
        }

        // Nesting past the limit is kept as text, not as elements: no recursion without a bound.
        var depth = await page.EvaluateAsync<int>("""
            async () => {
              const { citationFragment } = await import('./dom.js');
              const box = document.createElement('div');
              box.append(citationFragment('<i>'.repeat(5000) + 'deep' + '</i>'.repeat(5000)));
              let depth = 0;
              for (let node = box; node.firstElementChild; node = node.firstElementChild) depth++;
              return box.textContent === 'deep' ? depth : -1;
            }
            """);
        depth.ShouldBe(64);
        (await page.EvaluateAsync<int?>("() => window.ran ?? null")).ShouldBeNull();

        session.ShouldHaveNoErrors();
    }

    private static async Task<(string Name, string Text)> DownloadTextAsync(IPage page, Func<Task> click)
    {
        var download = await page.RunAndWaitForDownloadAsync(click);
        var path = await download.PathAsync();
        return (download.SuggestedFilename, await File.ReadAllTextAsync(path, Encoding.UTF8));
    }
}
