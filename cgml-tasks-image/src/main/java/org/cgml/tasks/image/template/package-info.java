/**
 * The template task: copy {@code TemplateTask.java} into a package of your own module, rename it, add one
 * {@code provides org.cgml.api.TaskProvider with ...Provider} line to that module's module-info, and it appears in
 * {@code cgml tasks}.
 */
package org.cgml.tasks.image.template;
