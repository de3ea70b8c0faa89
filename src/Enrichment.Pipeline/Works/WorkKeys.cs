using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Enrichment.Core.Identifiers;

namespace Enrichment.Pipeline.Works;

/// <summary>
/// Table keys for a DOI: partition by the registrant prefix (<c>10.1002</c>), row by the suffix, escaped so any
/// DOI fits the key rules. Table keys forbid <c>/ \ # ?</c> and control characters, and Azurite mishandles
/// <c>%</c> and <c>'</c>; so every character outside <c>[a-z0-9-._():;]</c> becomes <c>~XX</c> (its UTF-8 bytes in
/// hex, <c>~</c> itself included). Keys are at most 1 KiB: a suffix that escapes longer than
/// <see cref="MaxRowKeyChars"/> is cut and ends in a SHA-256 of the whole, and the row stores the DOI, which reads
/// compare, so two long DOIs can never be confused.
/// </summary>
internal static class WorkKeys
{
    public const int MaxRowKeyChars = 512;

    public static (string PartitionKey, string RowKey) For(Doi doi)
    {
        // The prefix is validated as digits and dots by Doi.
        var partition = doi.Prefix;
        var row = Escape(doi.Suffix);
        if (row.Length > MaxRowKeyChars)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(doi.Value)));
            row = string.Concat(row.AsSpan(0, MaxRowKeyChars - hash.Length - 2), "~~", hash);
        }

        return (partition, row);
    }

    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.' or '_' or '(' or ')' or ':' or ';')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('~').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    public static string Unescape(string key)
    {
        var bytes = new List<byte>(key.Length);
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] == '~' && i + 2 < key.Length && key[i + 1] != '~')
            {
                bytes.Add(byte.Parse(key.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
            }
            else
            {
                bytes.Add((byte)key[i]);
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }
}
