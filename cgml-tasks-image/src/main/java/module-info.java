/**
 * Image tasks on the generic U-Net. So far it holds the template task, the one file to copy when adding a task:
 * a plugin exports nothing, provides {@link org.cgml.api.TaskProvider} and touches no other module.
 */
module org.cgml.tasks.image {
    requires org.cgml.api;

    provides org.cgml.api.TaskProvider with org.cgml.tasks.image.template.TemplateTask.Provider;
}
