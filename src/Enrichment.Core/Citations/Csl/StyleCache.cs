namespace Enrichment.Core.Citations;

/// <summary>Where a style that is not built in comes from.</summary>
internal enum StyleSource
{
    Container,
    File,
    Url,
}

internal readonly record struct StyleKey(StyleSource Source, string Location);

/// <summary>
/// A bounded least-recently-used cache of compiled styles. Concurrent first loads of one key share one load, which
/// runs on no caller's token (one caller giving up does not fail the others); a failed load is not kept.
/// </summary>
internal sealed class StyleCache(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<StyleKey, LinkedListNode<KeyValuePair<StyleKey, CitationStyle>>> _entries = [];
    private readonly LinkedList<KeyValuePair<StyleKey, CitationStyle>> _recency = new(); // most recent first
    private readonly Dictionary<StyleKey, Task<CitationStyle>> _loading = [];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The cached style, or the (shared) load of it.</summary>
    public ValueTask<CitationStyle> GetOrLoadAsync(StyleKey key, Func<StyleKey, Task<CitationStyle>> load, CancellationToken cancellationToken)
    {
        TaskCompletionSource<CitationStyle> completion;
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                return new ValueTask<CitationStyle>(node.Value.Value);
            }

            if (_loading.TryGetValue(key, out var pending))
            {
                return new ValueTask<CitationStyle>(pending.WaitAsync(cancellationToken));
            }

            completion = new TaskCompletionSource<CitationStyle>(TaskCreationOptions.RunContinuationsAsynchronously);
            _loading.Add(key, completion.Task);
        }

        _ = CompleteAsync(key, load, completion);
        return new ValueTask<CitationStyle>(completion.Task.WaitAsync(cancellationToken));
    }

    private async Task CompleteAsync(StyleKey key, Func<StyleKey, Task<CitationStyle>> load, TaskCompletionSource<CitationStyle> completion)
    {
        try
        {
            // Off the first caller's thread, so that caller's token can still end its wait while the load runs.
            var style = await Task.Run(() => load(key)).ConfigureAwait(false);
            lock (_gate)
            {
                _loading.Remove(key);
                var node = _recency.AddFirst(KeyValuePair.Create(key, style));
                _entries[key] = node;
                while (_entries.Count > capacity && _recency.Last is { } oldest)
                {
                    _recency.RemoveLast();
                    _entries.Remove(oldest.Value.Key);
                }
            }

            completion.SetResult(style);
        }
        catch (Exception ex)
        {
            lock (_gate)
            {
                _loading.Remove(key);
            }

            completion.SetException(ex);
        }
    }
}
