package httpx

import (
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
)

// StorableText lists the strings of a decoded request that PostgreSQL cannot
// store (a NUL byte, invalid UTF-8), by their JSON path: refused at the edge
// for every endpoint at once, so such a value never reaches a workflow or
// an activity that would fail on it forever.
func StorableText(v any) []string {
	var problems []string
	var walk func(path string, rv reflect.Value)
	walk = func(path string, rv reflect.Value) {
		switch rv.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !rv.IsNil() {
				walk(path, rv.Elem())
			}
		case reflect.String:
			if s := rv.String(); strings.ContainsRune(s, 0) || !utf8.ValidString(s) {
				problems = append(problems, fmt.Sprintf("%s: contains a NUL byte or invalid UTF-8", strings.TrimPrefix(path, ".")))
			}
		case reflect.Struct:
			t := rv.Type()
			for i := range t.NumField() {
				f := t.Field(i)
				if !f.IsExported() {
					continue
				}
				name := strings.Split(f.Tag.Get("json"), ",")[0]
				switch {
				case f.Anonymous && name == "":
					walk(path, rv.Field(i))
				case name == "-":
				default:
					if name == "" {
						name = f.Name
					}
					walk(path+"."+name, rv.Field(i))
				}
			}
		case reflect.Slice, reflect.Array:
			for i := range rv.Len() {
				walk(fmt.Sprintf("%s[%d]", path, i), rv.Index(i))
			}
		case reflect.Map:
			for _, k := range rv.MapKeys() {
				walk(fmt.Sprintf("%s.%v", path, k), rv.MapIndex(k))
			}
		}
	}
	walk("", reflect.ValueOf(v))
	return problems
}

// StorableQuery refuses query parameters PostgreSQL cannot take.
func StorableQuery(c *gin.Context) {
	for name, vals := range c.Request.URL.Query() {
		for _, v := range vals {
			if strings.ContainsRune(v, 0) || !utf8.ValidString(v) {
				Write(c, Invalid(name+": contains a NUL byte or invalid UTF-8"))
				return
			}
		}
	}
	c.Next()
}
