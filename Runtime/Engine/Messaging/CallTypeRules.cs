using Google.Protobuf;
using Google.Protobuf.Collections;

namespace OrleansChat.Runtime.Messaging;

/// <summary>
/// Which types may cross silos as grain call arguments and results: protobuf messages, simple values,
/// lists/arrays of those, and grain or observer references. <see cref="CancellationToken"/> is allowed as a parameter.
/// </summary>
internal static class CallTypeRules
{
    private static readonly HashSet<Type> SimpleTypes =
    [
        typeof(string), typeof(bool), typeof(int), typeof(long), typeof(uint), typeof(ulong), typeof(double), typeof(float),
        typeof(Guid), typeof(DateTime), typeof(DateTimeOffset), typeof(TimeSpan), typeof(byte[]), typeof(ByteString),
    ];

    private static readonly HashSet<Type> ListDefinitions =
    [
        typeof(List<>), typeof(IList<>), typeof(IReadOnlyList<>), typeof(IReadOnlyCollection<>), typeof(RepeatedField<>),
    ];

    /// <summary>Whether values of <paramref name="type"/> may cross silos.</summary>
    public static bool IsAllowed(Type type) => IsAllowed(type, depth: 0);

    public static bool IsSimple(Type type) =>
        SimpleTypes.Contains(type) || type.IsEnum || (Nullable.GetUnderlyingType(type) is { } underlying && IsSimple(underlying));

    /// <summary>A concrete protobuf message type (<c>IMessage&lt;T&gt;</c> implemented by T itself).</summary>
    public static bool IsMessage(Type type) =>
        type.IsClass && !type.IsAbstract && typeof(IMessage).IsAssignableFrom(type)
        && type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IMessage<>) && i.GetGenericArguments()[0] == type);

    /// <summary>A grain interface or observer interface, passed as a reference.</summary>
    public static bool IsReference(Type type) =>
        type.IsInterface && (typeof(IGrainObserver).IsAssignableFrom(type) || typeof(IGrain).IsAssignableFrom(type));

    /// <summary>The element type when <paramref name="type"/> is a supported list or array, else null.</summary>
    public static Type? ListElementType(Type type)
    {
        if (type.IsArray && type != typeof(byte[]))
        {
            return type.GetArrayRank() == 1 ? type.GetElementType() : null;
        }

        return type.IsGenericType && ListDefinitions.Contains(type.GetGenericTypeDefinition())
            ? type.GetGenericArguments()[0]
            : null;
    }

    private static bool IsAllowed(Type type, int depth)
    {
        if (type.IsByRef || type.IsPointer || type.ContainsGenericParameters)
        {
            return false;
        }

        if (IsSimple(type) || IsReference(type) || IsMessage(type))
        {
            return true;
        }

        return depth == 0 && ListElementType(type) is { } element && IsAllowed(element, depth + 1);
    }
}
