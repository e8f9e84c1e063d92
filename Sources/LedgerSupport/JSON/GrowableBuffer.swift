/// A growable run of plain values in manually managed memory: the codec's byte arenas, token
/// tapes and slot tables.
///
/// The codec appends a few bytes or a token at a time millions of times a second; `Array.append`
/// checks uniqueness and capacity through several calls each time, which costs more than the
/// data itself. A buffer is owned by exactly one codec storage object, which frees it from its
/// `deinit` with ``release()``; it is never copied while in use, so no reference counting is needed.
public struct GrowableBuffer<Element: BitwiseCopyable> {
    package private(set) var base: UnsafeMutablePointer<Element>
    package private(set) var count: Int
    package private(set) var capacity: Int

    package init(capacity: Int) {
        let capacity = max(capacity, 16)
        base = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
        count = 0
        self.capacity = capacity
    }

    /// Frees the memory. The owner calls this once, from its `deinit`.
    package func release() {
        base.deallocate()
    }

    @inline(__always)
    package mutating func removeAll() {
        count = 0
    }

    /// Makes room for `additional` more elements, so that many ``appendReserved(_:)`` calls are safe.
    @inline(__always)
    package mutating func reserve(_ additional: Int) {
        if count + additional > capacity { grow(minimum: count + additional) }
    }

    @inline(never)
    private mutating func grow(minimum: Int) {
        var newCapacity = capacity * 2
        while newCapacity < minimum { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    package mutating func append(_ element: Element) {
        if count == capacity { grow(minimum: count + 1) }
        base[count] = element
        count += 1
    }

    /// Appends without checking capacity: the caller has called ``reserve(_:)``.
    @inline(__always)
    package mutating func appendReserved(_ element: Element) {
        base[count] = element
        count += 1
    }

    @inline(__always)
    package mutating func append(_ elements: UnsafePointer<Element>, count elementCount: Int) {
        reserve(elementCount)
        (base + count).update(from: elements, count: elementCount)
        count += elementCount
    }

    @inline(__always)
    package mutating func append(_ elements: UnsafeBufferPointer<Element>) {
        guard let start = elements.baseAddress else { return }
        append(start, count: elements.count)
    }

    /// Copies elements `start..<end` of this same buffer to its end.
    @inline(__always)
    package mutating func appendOwnElements(from start: Int, to end: Int) {
        let length = end - start
        reserve(length)
        // `reserve` may have moved the storage, so both addresses come from the current base.
        (base + count).update(from: base + start, count: length)
        count += length
    }

    /// Drops the elements from `newCount` on.
    @inline(__always)
    package mutating func truncate(to newCount: Int) {
        count = newCount
    }

    /// Counts elements the caller wrote directly into reserved capacity.
    @inline(__always)
    package mutating func advance(by elementCount: Int) {
        count += elementCount
    }

    @inline(__always)
    package subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }

    /// The last element; the buffer must not be empty.
    @inline(__always)
    package var last: Element { base[count - 1] }

    /// The elements written so far, valid until the next append.
    package var elements: UnsafeBufferPointer<Element> {
        UnsafeBufferPointer(start: base, count: count)
    }
}
