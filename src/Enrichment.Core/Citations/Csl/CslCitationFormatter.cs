using System.Collections.Concurrent;
using System.Text;
using Enrichment.Core.Citations.Styles;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Enrichment.Core.Citations;

/// <summary>
/// Compiles CSL styles by name and keeps them: the built-in ones (<c>apa</c>, <c>mla</c>, <c>chicago-author-date</c>,
/// <c>ieee</c>, <c>vancouver</c>) for good, the others in a bounded LRU cache. An HTTP caller reaches only the
/// built-in styles and the <see cref="IStyleStore"/> (the <c>styles</c> container); the operator (CLI,
/// configuration) may also name a file or an http(s) URL. Every load has a size and a time limit
/// (<see cref="StyleOptions"/>).
/// </summary>
public sealed partial class CslCitationFormatter : ICitationFormatter
{
    /// <summary>The name of the HTTP client <c>AddCitationFormatter</c> registers (built with <see cref="CreateHttpHandler"/>).</summary>
    public const string HttpClientName = "CitationStyles";

    private const int ReadChunk = 16 * 1024;

    private readonly StyleOptions _options;
    private readonly HttpClient? _http;
    private readonly IStyleStore? _store;
    private readonly CslLocale? _locale;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly StyleCache _cache;
    private readonly ConcurrentDictionary<string, Lazy<CitationStyle>> _builtIn = new(StringComparer.Ordinal);

    /// <param name="options">The limits.</param>
    /// <param name="httpClient">For operator URLs; it must not follow redirects itself (see <see cref="CreateHttpHandler"/>).</param>
    /// <param name="store">The styles container; without it only built-in styles (and, for the operator, files and URLs) exist.</param>
    /// <param name="locale">The locale under every style; the built-in en-US by default.</param>
    /// <param name="timeProvider">The clock of the load time limit.</param>
    /// <param name="logger">Where the causes of failed loads go (the exception does not carry them to HTTP callers).</param>
    public CslCitationFormatter(
        IOptions<StyleOptions> options,
        HttpClient? httpClient = null,
        IStyleStore? store = null,
        CslLocale? locale = null,
        TimeProvider? timeProvider = null,
        ILogger<CslCitationFormatter>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _http = httpClient;
        _store = store;
        _locale = locale;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _cache = new StyleCache(_options.CacheSize);
    }

    public IReadOnlyCollection<string> BuiltInStyles => BuiltInStyleResources.StyleNames;

    /// <summary>How many compiled styles other than the built-in ones are kept now.</summary>
    internal int CachedCount => _cache.Count;

    /// <summary>A handler for style downloads: no automatic redirects (they are followed by hand, same host only), no decompression.</summary>
    public static SocketsHttpHandler CreateHttpHandler() => new()
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    };

    public ValueTask<CitationStyle> GetStyleAsync(string style, StyleOrigin origin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(style);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<CitationStyle>(cancellationToken);
        }

        if (IsBuiltIn(style))
        {
            return new ValueTask<CitationStyle>(BuiltIn(style));
        }

        if (Locate(style, origin) is not { } key)
        {
            return ValueTask.FromException<CitationStyle>(Unknown(style, origin, null));
        }

        return LoadCachedAsync(style, origin, key, cancellationToken);
    }

    private async ValueTask<CitationStyle> LoadCachedAsync(string style, StyleOrigin origin, StyleKey key, CancellationToken cancellationToken)
    {
        try
        {
            return await _cache.GetOrLoadAsync(key, LoadAsync, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            LogLoadFailed(_logger, key.Source, key.Location, ex);
            throw Unknown(style, origin, ex);
        }
    }

    /// <summary>Where a name may be loaded from, for this origin; null when nowhere.</summary>
    private StyleKey? Locate(string style, StyleOrigin origin)
    {
        if (origin == StyleOrigin.Operator)
        {
            if (Uri.TryCreate(style, UriKind.Absolute, out var uri) && IsHttp(uri))
            {
                return new StyleKey(StyleSource.Url, uri.AbsoluteUri);
            }

            if (style.Length > 0 && File.Exists(style))
            {
                return new StyleKey(StyleSource.File, Path.GetFullPath(style));
            }
        }

        return _store is not null && IsStoreName(style) ? new StyleKey(StyleSource.Container, style) : null;
    }

    /// <summary>A plain file name: letters, digits, <c>-</c>, <c>_</c> and <c>.</c>, not starting with a dot, not too long.</summary>
    private bool IsStoreName(string name) =>
        name.Length > 0 && name.Length <= _options.MaxNameLength && name[0] != '.'
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static bool IsHttp(Uri uri) => uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps;

    private static bool IsBuiltIn(string name) => BuiltInStyleResources.StyleNames.Contains(name, StringComparer.Ordinal);

    private CitationStyle BuiltIn(string name) =>
        _builtIn.GetOrAdd(name, n => new Lazy<CitationStyle>(() =>
        {
            using var stream = BuiltInStyleResources.OpenStyle(n);
            using var reader = new StreamReader(stream);
            return new CitationStyle(n, new CslProcessor(CslStyle.Load(reader.ReadToEnd()), _locale));
        })).Value;

    private UnknownStyleException Unknown(string style, StyleOrigin origin, Exception? cause)
    {
        // Callers may echo anything; the message quotes only a bounded piece of it.
        var shown = style.Length <= 120 ? style : string.Concat(style.AsSpan(0, 120), "…");
        var builtIn = $"built in ({string.Join(", ", BuiltInStyles)})";
        var places = new List<string> { builtIn };
        if (_store is not null)
        {
            places.Add("a usable style in the styles container");
        }

        if (origin == StyleOrigin.Operator)
        {
            places.Add("a usable CSL file or http(s) URL");
        }

        var where = places.Count == 1 ? $"not {builtIn}" : $"neither {string.Join(", nor ", places)}";
        var message = $"Unknown style '{shown}': it is {where}.";

        // Only the operator's own loads keep the cause (a file, a host, an HTTP status): HTTP callers must not see it.
        return new UnknownStyleException(style, message, origin == StyleOrigin.Operator ? cause : null);
    }

    private async Task<CitationStyle> LoadAsync(StyleKey key)
    {
        // One time limit for the style and its parent, on no caller's token: the load is shared.
        using var timeout = new CancellationTokenSource(_options.FetchTimeout, _time);
        var cancellationToken = timeout.Token;
        var style = Compile(await ReadAsync(key, cancellationToken).ConfigureAwait(false));
        if (style.IsDependent)
        {
            var parent = await LoadParentAsync(style.ParentId!, key, cancellationToken).ConfigureAwait(false);
            style = style.WithParent(parent);
        }

        return new CitationStyle(key.Location, new CslProcessor(style, _locale));
    }

    private Task<byte[]> ReadAsync(StyleKey key, CancellationToken cancellationToken) => key.Source switch
    {
        StyleSource.Url => FetchAsync(new Uri(key.Location), cancellationToken),
        StyleSource.File => ReadFileAsync(key.Location, cancellationToken),
        _ => ReadStoreAsync(key.Location, cancellationToken),
    };

    /// <summary>
    /// A dependent style's parent: a built-in style by the id's last segment, else from the child's own kind of
    /// place (the sibling file, the container, or, for a URL, the parent's URL). Never a local path from a URL.
    /// </summary>
    private async Task<CslStyle> LoadParentAsync(string parentId, StyleKey child, CancellationToken cancellationToken)
    {
        // Official ids end in the style's file name: http://www.zotero.org/styles/apa -> apa.
        var shortName = parentId.TrimEnd('/').Split('/')[^1];
        if (IsBuiltIn(shortName))
        {
            return BuiltIn(shortName).Definition;
        }

        var bytes = child.Source switch
        {
            StyleSource.File when IsStoreName(shortName) && Path.GetDirectoryName(child.Location) is { } folder =>
                await ReadFileAsync(Path.Combine(folder, shortName.EndsWith(".csl", StringComparison.OrdinalIgnoreCase) ? shortName : shortName + ".csl"), cancellationToken).ConfigureAwait(false),
            StyleSource.Container when IsStoreName(shortName) => await ReadStoreAsync(shortName, cancellationToken).ConfigureAwait(false),
            StyleSource.Url when Uri.TryCreate(parentId, UriKind.Absolute, out var uri) && IsHttp(uri) =>
                await FetchAsync(uri, cancellationToken).ConfigureAwait(false),
            _ => throw new InvalidDataException($"The style depends on {parentId}, which is neither built in nor beside it."),
        };
        var parent = Compile(bytes);
        return parent.IsDependent ? throw new InvalidDataException($"The parent {parentId} is itself a dependent style.") : parent;
    }

    private static CslStyle Compile(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return CslStyle.Load(reader.ReadToEnd());
    }

    private async Task<byte[]> ReadStoreAsync(string name, CancellationToken cancellationToken)
    {
        var bytes = await _store!.TryGetAsync(name, _options.MaxStyleBytes, cancellationToken).ConfigureAwait(false)
            ?? throw new FileNotFoundException("No such style in the styles container.");
        return bytes.Length <= _options.MaxStyleBytes ? bytes : throw TooLarge();
    }

    /// <summary>
    /// Reads a regular file of at most the size limit. .NET does not tell a file's type, but devices, pipes and
    /// /proc files have size 0 and are refused before opening (so /dev/zero cannot grow memory, a FIFO cannot hang).
    /// </summary>
    private async Task<byte[]> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        FileSystemInfo info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            info = File.ResolveLinkTarget(path, returnFinalTarget: true) ?? info;
        }

        if (info is not FileInfo file || !file.Exists)
        {
            throw new FileNotFoundException("No such file.");
        }

        if (file.Length == 0)
        {
            throw new InvalidDataException("Not a regular file, or empty.");
        }

        if (file.Length > _options.MaxStyleBytes)
        {
            throw TooLarge();
        }

        var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, ReadChunk, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            // The size may have changed since; the limit holds whatever is read.
            return await ReadCappedAsync(stream, (int)file.Length, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Downloads a style, following redirects by hand and only to the same scheme, host and port.</summary>
    private async Task<byte[]> FetchAsync(Uri uri, CancellationToken cancellationToken)
    {
        var http = _http ?? throw new InvalidOperationException("No HTTP client to download styles with.");
        var current = uri;
        for (var redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.RequestMessage?.RequestUri is { } answered && !SameOrigin(answered, current))
            {
                throw new HttpRequestException("The HTTP client followed a redirect to another host itself.");
            }

            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                if (!SameOrigin(next, current))
                {
                    throw new HttpRequestException("Redirected to another host.");
                }

                if (redirects >= _options.MaxRedirects)
                {
                    throw new HttpRequestException("Too many redirects.");
                }

                current = next;
                continue;
            }

            response.EnsureSuccessStatusCode();
            if (response.Content.Headers.ContentLength > _options.MaxStyleBytes)
            {
                throw TooLarge();
            }

            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await ReadCappedAsync(stream, _options.MaxStyleBytes, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        a.IsAbsoluteUri && b.IsAbsoluteUri
        && string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    /// <summary>Reads at most <paramref name="max"/> bytes, and fails as soon as the stream has more, not after.</summary>
    private async Task<byte[]> ReadCappedAsync(Stream stream, int max, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream(Math.Min(max, ReadChunk));
        var chunk = new byte[ReadChunk];
        while (true)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            if (buffer.Length + read > max)
            {
                throw max < _options.MaxStyleBytes ? new InvalidDataException("The file grew while it was read.") : TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }
    }

    private InvalidDataException TooLarge() => new($"The style is larger than {_options.MaxStyleBytes} bytes (Styles:MaxStyleBytes).");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Style {Location} ({Source}) could not be loaded")]
    private static partial void LogLoadFailed(ILogger logger, StyleSource source, string location, Exception exception);
}
