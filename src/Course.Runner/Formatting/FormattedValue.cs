namespace Course.Runner.Formatting;

/// <summary>A value rendered in one MIME type, as the kernel publishes it.</summary>
public sealed record FormattedValue(string MimeType, string Value);
