package inspectvideos

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"time"
)

// ErrNoDuration: the video's length cannot be read from the file itself.
var ErrNoDuration = errors.New("no readable duration")

// Duration reads the length of a video of type typ (one of Types) from the
// file's own structure, reading r to its end (Save feeds it every byte of
// the upload as it streams, so a header at the end of the file is read
// too). Anything that does not parse as a whole -- a box or element running
// past the end of the file (a cut-short file), a size that cannot be, no
// duration at all -- is ErrNoDuration: the caller refuses what it cannot
// measure rather than store a video of unknown length.
//
//   - MP4 and QuickTime: the movie header (`mvhd`, version 0 or 1) inside
//     `moov`: duration / timescale. A fragmented MP4 whose mvhd says 0 takes
//     the movie extends header's fragment duration (`mvex`/`mehd`).
//   - WebM: the Segment Info's Duration (a float) times its TimecodeScale
//     (default 1 ms), or the latest block's time (Cluster Timecode plus the
//     block's own) where that is later or the header has no Duration (a
//     browser's MediaRecorder writes none).
func Duration(typ string, r io.Reader) (time.Duration, error) {
	br := bufio.NewReaderSize(r, 32<<10)
	if typ == "video/webm" {
		return webmDuration(br)
	}
	return mp4Duration(br)
}

// discard skips n bytes; fewer before the end: ErrNoDuration.
func discard(r *bufio.Reader, n uint64) error {
	if n > math.MaxInt64 {
		return ErrNoDuration
	}
	if got, err := r.Discard(int(min(n, math.MaxInt))); uint64(got) != n {
		if err == nil || errors.Is(err, io.EOF) {
			return ErrNoDuration
		}
		return err
	}
	return nil
}

// full reads len(b) bytes; fewer before the end: ErrNoDuration.
func full(r io.Reader, b []byte) error {
	_, err := io.ReadFull(r, b)
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return ErrNoDuration
	}
	return err
}

// ticks is n ticks of a clock of scale ticks per second, without overflow
// (capped at about 292 years).
func ticks(n, scale uint64) time.Duration {
	s := n / scale
	if s > uint64(math.MaxInt64/int64(time.Second))-1 {
		return math.MaxInt64
	}
	return time.Duration(s)*time.Second + time.Duration((n%scale)*uint64(time.Second)/scale)
}

// mp4Duration walks the ISO base media boxes in order, stepping into moov
// and mvex (their children follow their headers) and skipping every other
// box by its size.
func mp4Duration(r *bufio.Reader) (time.Duration, error) {
	var (
		scale, dur, frag uint64
		seen             bool
	)
	for {
		var h [16]byte
		n, err := io.ReadFull(r, h[:8])
		if n == 0 && errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return 0, ErrNoDuration // a box header cut short
		}
		size, hdr := uint64(binary.BigEndian.Uint32(h[:4])), uint64(8)
		typ := string(h[4:8])
		toEnd := false
		switch size {
		case 1: // a 64-bit size follows
			if err := full(r, h[8:16]); err != nil {
				return 0, err
			}
			size, hdr = binary.BigEndian.Uint64(h[8:16]), 16
		case 0: // the box runs to the end of the file
			toEnd = true
		}
		if !toEnd && size < hdr {
			return 0, ErrNoDuration
		}
		body := size - hdr
		switch typ {
		case "moov", "mvex":
			continue
		case "mvhd", "mehd":
			if toEnd || body < 4 || body > 1024 {
				return 0, ErrNoDuration
			}
			b := make([]byte, body)
			if err := full(r, b); err != nil {
				return 0, err
			}
			v1 := b[0] == 1
			switch {
			case typ == "mehd" && v1 && body >= 12:
				frag = binary.BigEndian.Uint64(b[4:12])
			case typ == "mehd" && !v1 && body >= 8:
				frag = uint64(binary.BigEndian.Uint32(b[4:8]))
			case typ == "mvhd" && seen: // the first one counts
			case typ == "mvhd" && v1 && body >= 32: // version, flags, creation and modification times (8 each), timescale (4), duration (8)
				scale, dur, seen = uint64(binary.BigEndian.Uint32(b[20:24])), binary.BigEndian.Uint64(b[24:32]), true
				if dur == math.MaxUint64 {
					dur = 0 // "unknown"
				}
			case typ == "mvhd" && !v1 && body >= 20: // the same, times and duration of 4 bytes
				scale, dur, seen = uint64(binary.BigEndian.Uint32(b[12:16])), uint64(binary.BigEndian.Uint32(b[16:20])), true
				if dur == math.MaxUint32 {
					dur = 0
				}
			default:
				return 0, ErrNoDuration
			}
		default:
			if toEnd {
				if _, err := io.Copy(io.Discard, r); err != nil {
					return 0, err
				}
				break
			}
			if err := discard(r, body); err != nil {
				return 0, err
			}
		}
		if toEnd {
			break
		}
	}
	if dur == 0 {
		dur = frag
	}
	if !seen || scale == 0 || dur == 0 {
		return 0, ErrNoDuration
	}
	return ticks(dur, scale), nil
}

// EBML element IDs (with their length markers) that webmDuration reads.
const (
	idEBML          = 0x1A45DFA3
	idSegment       = 0x18538067
	idInfo          = 0x1549A966
	idTimecodeScale = 0x2AD7B1
	idDuration      = 0x4489
	idCluster       = 0x1F43B675
	idTimecode      = 0xE7
	idBlockGroup    = 0xA0
	idBlock         = 0xA1
	idSimpleBlock   = 0xA3
)

// vint reads an EBML variable-size integer of at most max bytes: its value
// with the length marker kept (an ID) or removed (a size), its length, and
// whether all its value bits are ones (a size: "unknown").
func vint(r *bufio.Reader, max int, keepMarker bool) (v uint64, n int, ones bool, err error) {
	first, err := r.ReadByte()
	if err != nil {
		return 0, 0, false, err
	}
	n = 1
	for n <= 8 && first&(0x80>>(n-1)) == 0 {
		n++
	}
	if n > max {
		return 0, 0, false, ErrNoDuration
	}
	mask := byte(0xFF >> n) // the value bits of the first byte
	v, ones = uint64(first&mask), first&mask == mask
	if keepMarker {
		v = uint64(first)
	}
	for i := 1; i < n; i++ {
		b, err := r.ReadByte()
		if err != nil {
			return 0, 0, false, ErrNoDuration
		}
		v = v<<8 | uint64(b)
		ones = ones && b == 0xFF
	}
	return v, n, ones, nil
}

// webmDuration walks the EBML elements in order, stepping into Segment,
// Info, Cluster and BlockGroup (their children follow their headers, so an
// element of unknown size -- a live recording's Segment or Cluster -- is
// no problem) and skipping every other element by its size.
func webmDuration(r *bufio.Reader) (time.Duration, error) {
	var (
		scale           uint64 = 1_000_000 // ns per tick, the default
		header          float64
		hasHeader       bool
		cluster, latest int64
		hasBlock        bool
	)
	for {
		id, _, _, err := vint(r, 4, true)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return 0, ErrNoDuration
		}
		size, _, unknown, err := vint(r, 8, false)
		if err != nil {
			return 0, ErrNoDuration
		}
		switch id {
		case idSegment, idInfo, idCluster, idBlockGroup:
			continue
		}
		if unknown || size > 1<<40 {
			return 0, ErrNoDuration
		}
		switch id {
		case idTimecodeScale, idTimecode:
			if size == 0 || size > 8 {
				return 0, ErrNoDuration
			}
			var b [8]byte
			if err := full(r, b[8-size:]); err != nil {
				return 0, err
			}
			v := binary.BigEndian.Uint64(b[:])
			switch {
			case id == idTimecode:
				cluster = int64(min(v, math.MaxInt64/2))
			case v == 0:
				return 0, ErrNoDuration
			default:
				scale = v
			}
		case idDuration:
			var b [8]byte
			switch size {
			case 4:
				if err := full(r, b[:4]); err != nil {
					return 0, err
				}
				header = float64(math.Float32frombits(binary.BigEndian.Uint32(b[:4])))
			case 8:
				if err := full(r, b[:]); err != nil {
					return 0, err
				}
				header = math.Float64frombits(binary.BigEndian.Uint64(b[:]))
			default:
				return 0, ErrNoDuration
			}
			if math.IsNaN(header) || math.IsInf(header, 0) || header < 0 {
				return 0, ErrNoDuration
			}
			hasHeader = true
		case idBlock, idSimpleBlock:
			// The track number (a size-style vint), then the block's time
			// relative to its cluster (signed, 16 bits), then the frames.
			_, n, _, err := vint(r, 8, false)
			if err != nil || size < uint64(n)+2 {
				return 0, ErrNoDuration
			}
			var b [2]byte
			if err := full(r, b[:]); err != nil {
				return 0, err
			}
			if t := cluster + int64(int16(binary.BigEndian.Uint16(b[:]))); !hasBlock || t > latest {
				latest, hasBlock = t, true
			}
			if err := discard(r, size-uint64(n)-2); err != nil {
				return 0, err
			}
		default: // the EBML header and everything else
			if err := discard(r, size); err != nil {
				return 0, err
			}
		}
	}
	if !hasHeader && !hasBlock {
		return 0, ErrNoDuration
	}
	var d time.Duration
	if hasHeader {
		d = time.Duration(min(header*float64(scale), math.MaxInt64))
	}
	if latest > 0 {
		if uint64(latest) > math.MaxInt64/scale {
			return math.MaxInt64, nil
		}
		d = max(d, time.Duration(uint64(latest)*scale))
	}
	return d, nil
}
