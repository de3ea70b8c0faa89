using System.Collections.Concurrent;
using Enrichment.Core.Records;

namespace Enrichment.Core.Citations;

/// <summary>
/// Formats entries with CSL styles named by a built-in name (<c>apa</c>, <c>mla</c>,
/// <c>chicago-author-date</c>, <c>ieee</c>, <c>vancouver</c>), a file path, or an http(s) URL.
/// Each style is compiled once and cached; URLs are downloaded once through the injected client.
/// </summary>
public sealed class CslCitationFormatter : ICitationFormatter
{
    private static readonly string[] BuiltIn = ["apa", "mla", "chicago-author-date", "ieee", "vancouver"];

    private readonly HttpClient? _http;
    private readonly CslLocale? _locale;
    private readonly ConcurrentDictionary<string, Lazy<Task<CslProcessor>>> _cache = new(StringComparer.Ordinal);

    public CslCitationFormatter(HttpClient? httpClient = null, CslLocale? locale = null)
    {
        _http = httpClient;
        _locale = locale;
    }

    public IReadOnlyCollection<string> BuiltInStyles => BuiltIn;

    public string FormatEntry(Reference reference, string style, CitationOutput output = CitationOutput.Text) =>
        GetProcessor(style).RenderEntry(reference, output);

    /// <summary>The compiled processor for a style (a URL is fetched synchronously on first use; prefer <see cref="GetProcessorAsync"/>).</summary>
    public CslProcessor GetProcessor(string style) => GetProcessorAsync(style).GetAwaiter().GetResult();

    public Task<CslProcessor> GetProcessorAsync(string style, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(style);
        // The shared load does not take one caller's token; each caller waits with its own.
        var lazy = _cache.GetOrAdd(style, key => new Lazy<Task<CslProcessor>>(() => LoadAsync(key, CancellationToken.None)));
        var task = lazy.Value;
        if (task.IsFaulted || task.IsCanceled)
        {
            // A failed load is not cached: the next call tries again.
            _cache.TryRemove(new KeyValuePair<string, Lazy<Task<CslProcessor>>>(style, lazy));
        }

        return task.WaitAsync(cancellationToken);
    }

    private async Task<CslProcessor> LoadAsync(string name, CancellationToken cancellationToken)
    {
        var style = await LoadStyleAsync(name, cancellationToken).ConfigureAwait(false);
        if (style.IsDependent)
        {
            var parent = await LoadParentAsync(style.ParentId!, name, cancellationToken).ConfigureAwait(false);
            style = style.WithParent(parent);
        }

        return new CslProcessor(style, _locale);
    }

    private async Task<CslStyle> LoadStyleAsync(string name, CancellationToken cancellationToken)
    {
        if (Uri.TryCreate(name, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            if (_http is null)
            {
                throw new InvalidOperationException($"The style {name} is a URL, but no HttpClient was given to download it.");
            }

            var xml = await _http.GetStringAsync(uri, cancellationToken).ConfigureAwait(false);
            return CslStyle.Load(xml);
        }

        if (LoadEmbeddedStyle(name) is { } builtIn)
        {
            return builtIn;
        }

        if (File.Exists(name))
        {
            return CslStyle.Load(await File.ReadAllTextAsync(name, cancellationToken).ConfigureAwait(false));
        }

        throw new ArgumentException($"Unknown style '{name}': not a built-in style ({string.Join(", ", BuiltIn)}), a file or a URL.", nameof(name));
    }

    private async Task<CslStyle> LoadParentAsync(string parentId, string childName, CancellationToken cancellationToken)
    {
        // Official ids end in the style's file name: http://www.zotero.org/styles/apa -> apa.
        var shortName = parentId.TrimEnd('/').Split('/')[^1];
        if (LoadEmbeddedStyle(shortName) is { } builtIn)
        {
            return builtIn;
        }

        if (File.Exists(childName) && Path.GetDirectoryName(Path.GetFullPath(childName)) is { } folder
            && File.Exists(Path.Combine(folder, shortName + ".csl")))
        {
            return CslStyle.LoadFile(Path.Combine(folder, shortName + ".csl"));
        }

        if (_http is not null && Uri.TryCreate(childName, UriKind.Absolute, out _))
        {
            return await LoadStyleAsync(parentId, cancellationToken).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"The style '{childName}' depends on {parentId}, which is not at hand.");
    }

    private static CslStyle? LoadEmbeddedStyle(string name)
    {
        if (!BuiltIn.Contains(name, StringComparer.Ordinal))
        {
            return null;
        }

        var assembly = typeof(CslCitationFormatter).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (resource.EndsWith("." + name + ".csl", StringComparison.OrdinalIgnoreCase)
                || resource.Equals(name + ".csl", StringComparison.OrdinalIgnoreCase))
            {
                using var stream = assembly.GetManifestResourceStream(resource)!;
                using var reader = new StreamReader(stream);
                return CslStyle.Load(reader.ReadToEnd());
            }
        }

        return null;
    }
}
