using System.Collections.Concurrent;
using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Collections;

namespace OrleansChat.Runtime.Messaging;

/// <summary>
/// Deep copies of call arguments and results (Orleans' copy semantics): protobuf messages are cloned,
/// byte arrays and lists are copied, immutable values and references pass as they are.
/// </summary>
internal static class ValueCopier
{
    private static readonly ConcurrentDictionary<Type, Func<object, object>?> Copiers = new();

    /// <summary>The copier for values of <paramref name="type"/>, or null when they need no copy.</summary>
    public static Func<object, object>? For(Type type) => Copiers.GetOrAdd(type, Create);

    private static Func<object, object>? Create(Type type)
    {
        if (type == typeof(byte[]))
        {
            return value => ((byte[])value).Clone();
        }

        if (CallTypeRules.IsSimple(type) || CallTypeRules.IsReference(type) || type == typeof(CancellationToken))
        {
            return null;
        }

        if (CallTypeRules.IsMessage(type))
        {
            return Generic(nameof(CloneMessage), type);
        }

        if (CallTypeRules.ListElementType(type) is { } element)
        {
            if (type.IsArray)
            {
                return Generic(nameof(CopyArray), element);
            }

            return type.IsGenericType && type.GetGenericTypeDefinition() == typeof(RepeatedField<>)
                ? Generic(nameof(CopyRepeated), element)
                : Generic(nameof(CopyList), element);
        }

        throw new InvalidOperationException("Type " + TypeNames.Full(type) + " cannot cross silos.");
    }

    private static Func<object, object> Generic(string methodName, Type typeArgument) =>
        typeof(ValueCopier).GetMethod(methodName, BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(typeArgument)
            .CreateDelegate<Func<object, object>>();

    private static object CloneMessage<T>(object value)
        where T : IDeepCloneable<T> => ((T)value).Clone()!;

    private static object CopyArray<T>(object value)
    {
        var source = (T[])value;
        var copy = new T[source.Length];
        CopyItems(source, copy);
        return copy;
    }

    private static object CopyList<T>(object value)
    {
        var source = (IEnumerable<T>)value;
        var copier = For(typeof(T));
        var copy = new List<T>(source is IReadOnlyCollection<T> collection ? collection.Count : 0);
        foreach (var item in source)
        {
            copy.Add(item is null || copier is null ? item : (T)copier(item));
        }

        return copy;
    }

    private static object CopyRepeated<T>(object value)
    {
        var source = (RepeatedField<T>)value;
        var copier = For(typeof(T));
        var copy = new RepeatedField<T>();
        foreach (var item in source)
        {
            copy.Add(item is null || copier is null ? item! : (T)copier(item));
        }

        return copy;
    }

    private static void CopyItems<T>(T[] source, T[] target)
    {
        var copier = For(typeof(T));
        for (var i = 0; i < source.Length; i++)
        {
            var item = source[i];
            target[i] = item is null || copier is null ? item : (T)copier(item);
        }
    }
}
