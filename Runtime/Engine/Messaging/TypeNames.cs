using System.Text;

namespace OrleansChat.Runtime.Messaging;

/// <summary>Readable type names for error messages ("System.Collections.Generic.List&lt;System.IO.Stream&gt;").</summary>
internal static class TypeNames
{
    public static string Full(Type type) => Format(type, full: true);

    public static string Short(Type type) => Format(type, full: false);

    private static string Format(Type type, bool full)
    {
        if (type.IsArray)
        {
            return Format(type.GetElementType()!, full) + "[]";
        }

        if (type.IsByRef)
        {
            return Format(type.GetElementType()!, full) + "&";
        }

        if (!type.IsGenericType)
        {
            return full ? type.FullName ?? type.Name : type.Name;
        }

        var name = full ? (type.Namespace is null ? type.Name : type.Namespace + "." + type.Name) : type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        var builder = new StringBuilder(tick < 0 ? name : name[..tick]).Append('<');
        var arguments = type.GetGenericArguments();
        for (var i = 0; i < arguments.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            builder.Append(Format(arguments[i], full));
        }

        return builder.Append('>').ToString();
    }
}
