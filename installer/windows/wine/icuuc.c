/* Stand-in icuuc.dll for Wine 8 (build machine only; see README.md): no ICU converters. */
#include <stddef.h>
#define U_FILE_ACCESS_ERROR 4
#define API __declspec(dllexport)

API void *ucnv_open(const char *name, int *status) { (void)name; if (status) *status = U_FILE_ACCESS_ERROR; return NULL; }
API void ucnv_close(void *c) { (void)c; }
API void ucnv_reset(void *c) { (void)c; }
API signed char ucnv_getMaxCharSize(const void *c) { (void)c; return 4; }
API const char *ucnv_getName(const void *c, int *status) { (void)c; if (status) *status = U_FILE_ACCESS_ERROR; return NULL; }
API void ucnv_getToUCallBack(const void *c, void **fn, const void **ctx) { (void)c; if (fn) *fn = NULL; if (ctx) *ctx = NULL; }
API void ucnv_getFromUCallBack(const void *c, void **fn, const void **ctx) { (void)c; if (fn) *fn = NULL; if (ctx) *ctx = NULL; }
API void ucnv_setToUCallBack(void *c, void *a, const void *b, void **d, const void **e, int *status) { (void)c; (void)a; (void)b; (void)d; (void)e; if (status) *status = U_FILE_ACCESS_ERROR; }
API void ucnv_setFromUCallBack(void *c, void *a, const void *b, void **d, const void **e, int *status) { (void)c; (void)a; (void)b; (void)d; (void)e; if (status) *status = U_FILE_ACCESS_ERROR; }
API void ucnv_cbToUWriteUChars(void *a, const void *b, int c, int d, int *status) { (void)a; (void)b; (void)c; (void)d; if (status) *status = U_FILE_ACCESS_ERROR; }
API void ucnv_cbFromUWriteUChars(void *a, const void **b, const void *c, int d, int *status) { (void)a; (void)b; (void)c; (void)d; if (status) *status = U_FILE_ACCESS_ERROR; }
API void ucnv_toUnicode(void *c, void **t, const void *tl, const char **s, const char *sl, int *o, signed char f, int *status) { (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; if (status) *status = U_FILE_ACCESS_ERROR; }
API void ucnv_fromUnicode(void *c, char **t, const char *tl, const void **s, const void *sl, int *o, signed char f, int *status) { (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; if (status) *status = U_FILE_ACCESS_ERROR; }
API int ucnv_toUCountPending(const void *c, int *status) { (void)c; (void)status; return 0; }
API int ucnv_fromUCountPending(const void *c, int *status) { (void)c; (void)status; return 0; }
API const char *ucnv_getStandardName(const char *n, const char *s, int *status) { (void)n; (void)s; if (status) *status = U_FILE_ACCESS_ERROR; return NULL; }
API const char *ucnv_getAvailableName(int n) { (void)n; return NULL; }
API int ucnv_countAvailable(void) { return 0; }
API void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *a, void *b, const void *c, int d, int e, int f, int *status) { (void)a; (void)b; (void)c; (void)d; (void)e; (void)f; (void)status; }
API void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *a, void *b, const char *c, int d, int e, int *status) { (void)a; (void)b; (void)c; (void)d; (void)e; (void)status; }
