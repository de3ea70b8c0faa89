using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Enrichment.Core.Records;

namespace Enrichment.Core.Formats.CslJson;

/// <summary>
/// Converts between <see cref="Reference"/> and CSL-JSON objects (schema 1.0.2): the one JSON shape the
/// product stores, exports and serves.
/// </summary>
public static class CslJsonConvert
{
    private static readonly HashSet<string> NameVariables = new(StringComparer.Ordinal)
    {
        "author", "chair", "collection-editor", "compiler", "composer", "container-author", "contributor",
        "curator", "director", "editor", "editorial-director", "editor-translator", "executive-producer",
        "guest", "host", "illustrator", "interviewer", "narrator", "organizer", "original-author",
        "performer", "producer", "recipient", "reviewed-author", "script-writer", "series-creator",
        "translator",
    };

    private static readonly HashSet<string> DateVariables = new(StringComparer.Ordinal)
    {
        "accessed", "available-date", "event-date", "issued", "original-date", "submitted",
    };

    /// <summary>The notices that update the record (<see cref="Reference.Updates"/>): not a CSL variable, this product's own.</summary>
    public const string UpdatesProperty = "updates";

    /// <summary>For a notice, the works it updates (<see cref="Reference.UpdateTo"/>), named as Crossref names them.</summary>
    public const string UpdateToProperty = "update-to";

    // Property names every item repeats, encoded once instead of on each write.
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText CustomName = JsonEncodedText.Encode("custom");
    private static readonly JsonEncodedText FamilyName = JsonEncodedText.Encode("family");
    private static readonly JsonEncodedText GivenName = JsonEncodedText.Encode("given");
    private static readonly JsonEncodedText DroppingParticleName = JsonEncodedText.Encode("dropping-particle");
    private static readonly JsonEncodedText NonDroppingParticleName = JsonEncodedText.Encode("non-dropping-particle");
    private static readonly JsonEncodedText SuffixName = JsonEncodedText.Encode("suffix");
    private static readonly JsonEncodedText LiteralName = JsonEncodedText.Encode("literal");
    private static readonly JsonEncodedText OrcidName = JsonEncodedText.Encode("ORCID");
    private static readonly JsonEncodedText AffiliationName = JsonEncodedText.Encode("affiliation");
    private static readonly JsonEncodedText NameName = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText OthersName = JsonEncodedText.Encode("others");
    private static readonly JsonEncodedText DatePartsName = JsonEncodedText.Encode("date-parts");
    private static readonly JsonEncodedText SeasonName = JsonEncodedText.Encode("season");
    private static readonly JsonEncodedText CircaName = JsonEncodedText.Encode("circa");
    private static readonly JsonEncodedText RawName = JsonEncodedText.Encode("raw");

    public static bool IsNameVariable(string name) => NameVariables.Contains(name);

    public static bool IsDateVariable(string name) => DateVariables.Contains(name);

    public static string Serialize(Reference reference, bool indented = false)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, reference);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static void Write(Utf8JsonWriter writer, Reference reference)
    {
        writer.WriteStartObject();
        writer.WriteString(IdName, reference.Id);
        writer.WriteString(TypeName, reference.Type);
        foreach (var (name, value) in reference.Variables)
        {
            writer.WriteString(name, value);
        }

        foreach (var (name, names) in reference.Names)
        {
            writer.WriteStartArray(name);
            foreach (var person in names)
            {
                WriteName(writer, person);
            }

            writer.WriteEndArray();
        }

        foreach (var (name, date) in reference.Dates)
        {
            writer.WritePropertyName(name);
            WriteDate(writer, date);
        }

        WriteUpdates(writer, UpdatesProperty, reference.Updates);
        WriteUpdates(writer, UpdateToProperty, reference.UpdateTo);
        if (reference.Custom.Count > 0)
        {
            writer.WriteStartObject(CustomName);
            foreach (var (name, value) in reference.Custom)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteName(Utf8JsonWriter writer, PersonName person)
    {
        writer.WriteStartObject();
        WriteIfSet(writer, FamilyName, person.Family);
        WriteIfSet(writer, GivenName, person.Given);
        WriteIfSet(writer, DroppingParticleName, person.DroppingParticle);
        WriteIfSet(writer, NonDroppingParticleName, person.NonDroppingParticle);
        WriteIfSet(writer, SuffixName, person.Suffix);
        WriteIfSet(writer, LiteralName, person.Literal);
        WriteIfSet(writer, OrcidName, person.Orcid);
        if (!person.Affiliations.IsDefaultOrEmpty)
        {
            writer.WriteStartArray(AffiliationName);
            foreach (var affiliation in person.Affiliations)
            {
                writer.WriteStartObject();
                writer.WriteString(NameName, affiliation);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (person.IsOthers)
        {
            writer.WriteBoolean(OthersName, true);
        }

        writer.WriteEndObject();
    }

    private static void WriteDate(Utf8JsonWriter writer, DateValue date)
    {
        writer.WriteStartObject();
        if (!date.Parts.IsDefaultOrEmpty)
        {
            writer.WriteStartArray(DatePartsName);
            foreach (var part in date.Parts)
            {
                writer.WriteStartArray();
                writer.WriteNumberValue(part.Year);
                if (part.Month is { } month)
                {
                    writer.WriteNumberValue(month);
                    if (part.Day is { } day)
                    {
                        writer.WriteNumberValue(day);
                    }
                }

                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        if (date.Season is { } season)
        {
            writer.WriteNumber(SeasonName, season);
        }

        if (date.Circa)
        {
            writer.WriteBoolean(CircaName, true);
        }

        WriteIfSet(writer, LiteralName, date.Literal);
        WriteIfSet(writer, RawName, date.Raw);
        writer.WriteEndObject();
    }

    private static void WriteUpdates(Utf8JsonWriter writer, string name, ImmutableArray<WorkUpdate> updates)
    {
        if (updates.IsDefaultOrEmpty)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var update in updates)
        {
            writer.WriteStartObject();
            writer.WriteString("type", update.Type);
            writer.WriteString("DOI", update.Doi);
            WriteIfSet(writer, "date", update.Date?.ToString());
            WriteIfSet(writer, "source", update.Source);
            WriteIfSet(writer, "label", update.Label);
            WriteIfSet(writer, "record-id", update.RecordId);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteIfSet(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    public static Reference Deserialize(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Read(document.RootElement, "$");
    }

    /// <summary>Reads one CSL-JSON item. Throws <see cref="FormatException"/> naming the JSON path of a wrong shape.</summary>
    public static Reference Read(JsonElement item, string path = "$")
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{path}: expected an object, found {item.ValueKind}");
        }

        var variables = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var names = ImmutableSortedDictionary.CreateBuilder<string, ImmutableArray<PersonName>>(StringComparer.Ordinal);
        var dates = ImmutableSortedDictionary.CreateBuilder<string, DateValue>(StringComparer.Ordinal);
        var custom = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        ImmutableArray<WorkUpdate> updates = [], updateTo = [];
        string? id = null;
        var type = "article";

        foreach (var property in item.EnumerateObject())
        {
            var propertyPath = $"{path}.{property.Name}";
            var value = property.Value;
            switch (property.Name)
            {
                case "id":
                    id = ScalarText(value, propertyPath);
                    break;
                case "type":
                    type = ScalarText(value, propertyPath);
                    break;
                case "custom":
                    ReadCustom(value, propertyPath, custom);
                    break;
                case UpdatesProperty when value.ValueKind == JsonValueKind.Array:
                    updates = ReadUpdates(value, propertyPath);
                    break;
                case UpdateToProperty when value.ValueKind == JsonValueKind.Array:
                    updateTo = ReadUpdates(value, propertyPath);
                    break;
                case var n when NameVariables.Contains(n):
                    names[n] = ReadNames(value, propertyPath);
                    break;
                case var d when DateVariables.Contains(d):
                    dates[d] = ReadDate(value, propertyPath);
                    break;
                default:
                    if (value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                    {
                        variables[property.Name] = ScalarText(value, propertyPath);
                    }
                    else if (value.ValueKind is JsonValueKind.Null)
                    {
                        // A null variable is the same as an absent one.
                    }
                    else
                    {
                        // Not a CSL variable shape: keep it verbatim rather than lose it.
                        custom[property.Name] = value.GetRawText();
                    }

                    break;
            }
        }

        return new Reference
        {
            Id = id ?? throw new FormatException($"{path}.id: missing"),
            Type = type,
            Variables = variables.ToImmutable(),
            Names = names.ToImmutable(),
            Dates = dates.ToImmutable(),
            Custom = custom.ToImmutable(),
            Updates = updates,
            UpdateTo = updateTo,
        };
    }

    /// <summary>An update list as <see cref="Write"/> writes it. Throws <see cref="FormatException"/> naming the path of a wrong shape.</summary>
    private static ImmutableArray<WorkUpdate> ReadUpdates(JsonElement value, string path)
    {
        if (value.GetArrayLength() > WorkUpdates.MaxPerList)
        {
            throw new FormatException($"{path}: more than {WorkUpdates.MaxPerList} updates");
        }

        var result = ImmutableArray.CreateBuilder<WorkUpdate>();
        var index = 0;
        foreach (var element in value.EnumerateArray())
        {
            var entryPath = $"{path}[{index++}]";
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{entryPath}: expected an update object, found {element.ValueKind}");
            }

            var type = OptionalText(element, "type", entryPath);
            var doi = OptionalText(element, "DOI", entryPath);
            if (string.IsNullOrWhiteSpace(type) || string.IsNullOrWhiteSpace(doi))
            {
                throw new FormatException($"{entryPath}: an update needs a type and a DOI");
            }

            var date = OptionalText(element, "date", entryPath);
            result.Add(new WorkUpdate
            {
                Type = UpdateTypes.Normalize(type),
                Doi = doi.Trim(),
                Date = date is null ? null : IsoDatePart(date, $"{entryPath}.date"),
                Source = OptionalText(element, "source", entryPath),
                Label = OptionalText(element, "label", entryPath),
                RecordId = OptionalText(element, "record-id", entryPath),
            });
        }

        return result.ToImmutable();
    }

    /// <summary><c>YYYY</c>, <c>YYYY-MM</c> or <c>YYYY-MM-DD</c>, as <see cref="DatePart.ToString"/> writes it.</summary>
    private static DatePart IsoDatePart(string text, string path)
    {
        var pieces = text.Split('-');
        var numbers = new int[pieces.Length];
        for (var i = 0; i < pieces.Length; i++)
        {
            if (pieces.Length > 3 || !int.TryParse(pieces[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                throw new FormatException($"{path}: expected YYYY, YYYY-MM or YYYY-MM-DD, found '{text}'");
            }
        }

        return new DatePart(numbers[0], numbers.Length > 1 ? numbers[1] : null, numbers.Length > 2 ? numbers[2] : null);
    }

    private static void ReadCustom(JsonElement value, string path, ImmutableSortedDictionary<string, string>.Builder custom)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{path}: expected an object, found {value.ValueKind}");
        }

        foreach (var entry in value.EnumerateObject())
        {
            custom[entry.Name] = entry.Value.ValueKind == JsonValueKind.String
                ? entry.Value.GetString()!
                : entry.Value.GetRawText();
        }
    }

    private static string ScalarText(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetRawText(),
        _ => throw new FormatException($"{path}: expected a string or number, found {value.ValueKind}"),
    };

    private static ImmutableArray<PersonName> ReadNames(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"{path}: expected an array of names, found {value.ValueKind}");
        }

        var result = ImmutableArray.CreateBuilder<PersonName>();
        var index = 0;
        foreach (var element in value.EnumerateArray())
        {
            var namePath = $"{path}[{index++}]";
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{namePath}: expected a name object, found {element.ValueKind}");
            }

            var affiliations = ImmutableArray.CreateBuilder<string>();
            if (element.TryGetProperty("affiliation", out var affiliationList) && affiliationList.ValueKind == JsonValueKind.Array)
            {
                foreach (var affiliation in affiliationList.EnumerateArray())
                {
                    var text = affiliation.ValueKind == JsonValueKind.Object && affiliation.TryGetProperty("name", out var n)
                        ? n.GetString()
                        : affiliation.ValueKind == JsonValueKind.String ? affiliation.GetString() : null;
                    if (text is not null)
                    {
                        affiliations.Add(text);
                    }
                }
            }

            result.Add(new PersonName
            {
                Family = OptionalText(element, "family", namePath),
                Given = OptionalText(element, "given", namePath),
                DroppingParticle = OptionalText(element, "dropping-particle", namePath),
                NonDroppingParticle = OptionalText(element, "non-dropping-particle", namePath),
                Suffix = OptionalText(element, "suffix", namePath),
                Literal = OptionalText(element, "literal", namePath),
                Orcid = OptionalText(element, "ORCID", namePath),
                Affiliations = affiliations.ToImmutable(),
                IsOthers = element.TryGetProperty("others", out var others) && others.ValueKind == JsonValueKind.True,
            });
        }

        return result.ToImmutable();
    }

    private static string? OptionalText(JsonElement element, string name, string path) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? ScalarText(value, $"{path}.{name}")
            : null;

    private static DateValue ReadDate(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return new DateValue { Raw = value.GetString() };
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{path}: expected a date object, found {value.ValueKind}");
        }

        var parts = ImmutableArray.CreateBuilder<DatePart>();
        if (value.TryGetProperty("date-parts", out var dateParts))
        {
            if (dateParts.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException($"{path}.date-parts: expected an array, found {dateParts.ValueKind}");
            }

            var index = 0;
            foreach (var part in dateParts.EnumerateArray())
            {
                var partPath = $"{path}.date-parts[{index++}]";
                if (part.ValueKind != JsonValueKind.Array)
                {
                    throw new FormatException($"{partPath}: expected an array, found {part.ValueKind}");
                }

                var numbers = part.EnumerateArray().Select((n, i) => DateNumber(n, $"{partPath}[{i}]")).ToList();
                if (numbers.Count == 0 || numbers[0] is null)
                {
                    continue;
                }

                parts.Add(new DatePart(numbers[0]!.Value, numbers.ElementAtOrDefault(1), numbers.ElementAtOrDefault(2)));
            }
        }

        int? season = value.TryGetProperty("season", out var s) ? DateNumber(s, $"{path}.season") : null;
        return new DateValue
        {
            Parts = parts.ToImmutable(),
            Season = season,
            Circa = value.TryGetProperty("circa", out var circa) && circa.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.Number => circa.GetRawText() != "0",
                JsonValueKind.String => !string.IsNullOrEmpty(circa.GetString()),
                _ => false,
            },
            Literal = OptionalText(value, "literal", path),
            Raw = OptionalText(value, "raw", path),
        };
    }

    private static int? DateNumber(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt32(out var n) => n,
        JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
        JsonValueKind.String when string.IsNullOrWhiteSpace(value.GetString()) => null,
        JsonValueKind.Null => null,
        _ => throw new FormatException($"{path}: expected a number, found {value.GetRawText()}"),
    };
}
