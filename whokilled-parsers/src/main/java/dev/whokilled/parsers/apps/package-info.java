/**
 * Shells and applications that report how a process died: bash, zsh and dash job messages and exit statuses,
 * servers that log how a worker died (nginx, PostgreSQL, Apache httpd, php-fpm, gunicorn, uWSGI, Redis,
 * MySQL/MariaDB, MongoDB), and the JVM's fatal error banner.
 */
@NullMarked
package dev.whokilled.parsers.apps;

import org.jspecify.annotations.NullMarked;
